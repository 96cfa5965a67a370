package queue.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import queue.core.Durations;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Target;

/**
 * Agents of each transport with the targets the command line registers them with ({@code
 * queue.cli.agents.AgentRequests}), for tests of the stores and the programs: an inbox agent is
 * pinned to the host, the others are registered on it.
 */
public final class TestAgents {
  private final String host;

  public TestAgents(String host) {
    this.host = host;
  }

  /** An inbox agent; {@code directory} null for the default inbox. */
  public Agent inbox(String name, String directory, Instant now) {
    return Agent.of(name, Inbox.TRANSPORT, Inbox.target(directory), now).withHost(host, true);
  }

  public Agent http(String name, String url, Instant now) {
    return Agent.of(name, "http", Target.EMPTY.with("url", url), now).withHost(host, false);
  }

  public Agent exec(String name, List<String> argv, Instant now) {
    return Agent.of(name, "exec", Target.EMPTY.with("exec", argv), now).withHost(host, false);
  }

  public Agent pull(String name, Instant now) {
    return Agent.of(name, Agent.PULL, Target.EMPTY, now).withHost(host, false);
  }

  /**
   * The change {@code agents set NAME --inbox|--url|--exec|--pull} makes: the agent moves to the
   * transport of {@code built} (an agent as this class registers it), whose target's fields take
   * the place of the old transport's; the settings stay.
   */
  public static AgentChange movedTo(Agent built) {
    Target changes = Target.EMPTY.clearing("inbox", "url", "exec").merged(built.target());
    return AgentChange.NONE.withTransport(AgentChange.Transport.of(built), changes);
  }

  /**
   * Delivery settings as target fields, as {@code agents add|set} writes them; null leaves one out.
   */
  public static Target settings(
      Integer maxAttempts, Duration timeout, String secretFile, List<String> headers) {
    return Target.EMPTY
        .with("maxAttempts", maxAttempts)
        .with("timeout", timeout == null ? null : Durations.format(timeout))
        .with("secretFile", secretFile)
        .with("headers", headers);
  }
}
