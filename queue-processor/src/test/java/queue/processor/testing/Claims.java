package queue.processor.testing;

import java.time.Instant;
import java.util.List;
import queue.core.lease.Claim;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Transport;

/** Claims built by hand, for testing one transport or the retry policy alone. */
public final class Claims {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Claims() {}

  public static Claim claim(Agent agent, String entryId, String body, int attemptsSoFar) {
    Message message = new Message("m-" + entryId, "tester", body, T0, null, List.of(agent.name()));
    Entry queued = Entry.queued(entryId, message, agent.name(), 1);
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
                null)
            .claimed("owner-1", T0.plusSeconds(60));
    return new Claim(entry, message, agent);
  }

  public static Agent inbox(String name, String dir) {
    return new Agent(name, Transport.INBOX, dir, null, null, T0);
  }

  public static Agent http(String name, String url) {
    return new Agent(name, Transport.HTTP, null, url, null, T0);
  }

  public static Agent exec(String name, List<String> argv) {
    return new Agent(name, Transport.EXEC, null, null, argv, T0);
  }
}
