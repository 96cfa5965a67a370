package queue.processor.deliver;

import java.time.Duration;
import queue.core.Durations;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;

/**
 * The delivery settings an agent's target may hold, as the processor reads them: {@code
 * maxAttempts} (attempts before an entry is FAILED, a whole number of at least 1) and {@code
 * timeout} (the deadline of one delivery, a duration as users type it). An agent that sets neither
 * gets the processor's. A value the processor cannot read fails the agent's entries for good,
 * naming the field ({@link #problemOf}).
 */
public final class AgentSettings {
  public static final String MAX_ATTEMPTS = "maxAttempts";
  public static final String TIMEOUT = "timeout";

  private AgentSettings() {}

  /** The agent's own number of attempts; null for none, or one {@link #problemOf} refuses. */
  public static Integer maxAttempts(Agent agent) {
    Integer value = agent == null ? null : agent.target().integer(MAX_ATTEMPTS);
    return value != null && value >= 1 ? value : null;
  }

  /** The agent's own delivery deadline; null for none, or one {@link #problemOf} refuses. */
  public static Duration timeout(Agent agent) {
    String text = agent == null ? null : agent.target().text(TIMEOUT);
    if (text == null) {
      return null;
    }
    try {
      Duration value = Durations.parse(text);
      return value.isNegative() || value.isZero() ? null : value;
    } catch (InvalidInputException e) {
      return null;
    }
  }

  /** What makes the agent's settings unusable, naming the field; null when nothing does. */
  public static String problemOf(Agent agent) {
    if (agent.target().has(MAX_ATTEMPTS) && maxAttempts(agent) == null) {
      return "agent "
          + agent.name()
          + ": its target's field '"
          + MAX_ATTEMPTS
          + "' must be a whole number of at least 1";
    }
    if (agent.target().has(TIMEOUT) && timeout(agent) == null) {
      return "agent "
          + agent.name()
          + ": its target's field '"
          + TIMEOUT
          + "' must be a duration longer than 0, such as 30s";
    }
    return null;
  }
}
