package queue.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.lease.Claim;
import queue.core.lease.Completion;
import queue.core.lease.Outcome;
import queue.core.model.EntryState;
import queue.core.send.SendRequest;
import queue.core.send.SendResult;
import queue.core.status.StatusReport;
import queue.core.testing.MutableClock;

class QueueDirectoryTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void broadcastIsClaimedDeliveredAndCounted() throws Exception {
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(1), clock);
    queue.agents().addInbox("alice", null);
    queue.agents().addInbox("bob", null);

    SendResult sent = queue.sender(1024).send(SendRequest.broadcast("me", "hello"));
    assertEquals(List.of("alice", "bob"), sent.recipients());

    List<List<Claim>> batches = queue.claimer().claim("p1", Duration.ofSeconds(60), 8, 4);
    assertEquals(2, batches.size());
    List<Completion> done =
        batches.stream()
            .flatMap(List::stream)
            .map(c -> new Completion(c.entry().id(), c.leaseOwner(), new Outcome.Delivered()))
            .toList();
    assertEquals(2, queue.completer().complete(done));

    StatusReport status = queue.queries().status();
    assertEquals(2, status.totals().delivered());
    assertEquals(
        EntryState.DELIVERED,
        queue.queries().message(sent.messageId()).orElseThrow().recipients().get(0).state());
    String json = Files.readString(dir.resolve("queue.json"));
    assertTrue(json.startsWith("{\"version\":1"), json);

    clock.advance(Duration.ofHours(2));
    assertEquals(2, queue.maintenance().retire(Duration.ofHours(1)));
    assertEquals(2, queue.queries().status().totals().delivered());
    assertEquals(0, queue.store().read().queue().entries().size());
  }
}
