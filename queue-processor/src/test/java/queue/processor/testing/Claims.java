package queue.processor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import queue.core.api.Claim;
import queue.core.model.Agent;
import queue.core.model.AgentSettings;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Transport;

/** Claims and agents built by hand, for testing one transport or the retry policy alone. */
public final class Claims {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long TOKEN = 7;

  private Claims() {}

  /** A claim of entry {@code entryId} to {@code agent}, after {@code attemptsSoFar} attempts. */
  public static Claim claim(Agent agent, String entryId, String body, int attemptsSoFar) {
    Message message =
        new Message("m-" + entryId, "tester", body, T0, null, List.of(agent.name()), null);
    Entry queued = Entry.queued(entryId, message, agent.name(), 1, T0);
    Entry entry =
        new Entry(
                queued.id(),
                queued.messageId(),
                queued.recipient(),
                queued.sender(),
                queued.seq(),
                queued.createdAt(),
                queued.state(),
                attemptsSoFar,
                queued.nextAttemptAt(),
                null,
                null,
                null,
                null,
                0,
                null)
            .claimed("owner-1", TOKEN, T0.plusSeconds(60));
    return new Claim(entry, message, agent);
  }

  public static Agent inbox(String name, String dir) {
    return Agent.of(name, Transport.INBOX, dir, null, null, T0, "host-1");
  }

  public static Agent http(String name, String url) {
    return Agent.of(name, Transport.HTTP, null, url, null, T0, "host-1");
  }

  public static Agent exec(String name, List<String> argv) {
    return Agent.of(name, Transport.EXEC, null, null, argv, T0, "host-1");
  }

  /** {@code agent} with its own settings: null fields keep the processor's defaults. */
  public static Agent withSettings(
      Agent agent, Integer maxAttempts, Duration timeout, String secretFile, List<String> headers) {
    return agent.withSettings(new AgentSettings(maxAttempts, timeout, secretFile, headers));
  }
}
