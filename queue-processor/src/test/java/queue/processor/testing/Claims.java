package queue.processor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import queue.core.api.Claim;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.testing.TestAgents;

/** Claims and agents built by hand, for testing one transport or the retry policy alone. */
public final class Claims {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long TOKEN = 7;
  private static final TestAgents AGENTS = new TestAgents("host-1");

  private Claims() {}

  /** A claim of entry {@code entryId} to {@code agent}, after {@code attemptsSoFar} attempts. */
  public static Claim claim(Agent agent, String entryId, String body, int attemptsSoFar) {
    Message message =
        new Message("m-" + entryId, "tester", body, T0, null, List.of(agent.name()), null);
    Entry entry =
        Entry.of(message, entryId, agent.name(), 1)
            .attempts(attemptsSoFar)
            .build()
            .claimed("owner-1", TOKEN, T0.plusSeconds(60));
    return new Claim(entry, message, agent);
  }

  public static Agent inbox(String name, String dir) {
    return AGENTS.inbox(name, dir, T0);
  }

  public static Agent http(String name, String url) {
    return AGENTS.http(name, url, T0);
  }

  public static Agent exec(String name, List<String> argv) {
    return AGENTS.exec(name, argv, T0);
  }

  /** {@code agent} with its own settings: null fields keep the processor's defaults. */
  public static Agent withSettings(
      Agent agent, Integer maxAttempts, Duration timeout, String secretFile, List<String> headers) {
    return agent.withTarget(
        agent.target().merged(TestAgents.settings(maxAttempts, timeout, secretFile, headers)));
  }
}
