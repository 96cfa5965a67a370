package queue.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
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

  @Test
  void everyFileIsOwnerOnlyAndAnExistingDirectoryIsNarrowedTo0700() throws Exception {
    Path data = dir.resolve("message_queue");
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    QueueDirectory queue = QueueDirectory.open(data, Duration.ofSeconds(1), clock);
    queue.agents().addInbox("alice", null);
    queue.agents().addInbox("bob", null);
    queue.sender(1024).send(SendRequest.broadcast("me", "hello"));
    queue.sender(1024).send(SendRequest.broadcast("me", "again"));
    for (List<Claim> batch : queue.claimer().claim("p1", Duration.ofSeconds(60), 8, 8)) {
      queue
          .completer()
          .complete(
              batch.stream()
                  .map(c -> new Completion(c.entry().id(), c.leaseOwner(), new Outcome.Delivered()))
                  .toList());
    }
    clock.advance(Duration.ofHours(2));
    queue.maintenance().retire(Duration.ofHours(1));

    try (var paths = Files.walk(data)) {
      for (Path path : paths.toList()) {
        String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
        assertEquals(
            expected,
            PosixFilePermissions.toString(Files.getPosixFilePermissions(path)),
            path.toString());
      }
    }
    assertTrue(Files.exists(data.resolve("queue.json.1")));
    assertTrue(Files.exists(data.resolve("history")));
  }

  @Test
  void theLockFileIsNeverReplacedOrRemovedAndHoldsTheLastHoldersPid() throws Exception {
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(1), clock);
    queue.agents().addInbox("alice", null);
    Path lock = dir.resolve("queue.json.lock");
    Object identity = Files.readAttributes(lock, BasicFileAttributes.class).fileKey();

    for (int i = 0; i < 5; i++) {
      queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "message " + i));
      clock.advance(Duration.ofDays(30));
    }

    assertEquals(identity, Files.readAttributes(lock, BasicFileAttributes.class).fileKey());
    assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(lock).trim());
  }
}
