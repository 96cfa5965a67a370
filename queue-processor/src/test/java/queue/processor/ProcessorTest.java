package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.QueueDirectory;
import queue.core.model.EntryState;
import queue.core.send.SendRequest;
import queue.core.send.SendResult;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;

class ProcessorTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void runOnceDeliversABroadcastIntoEveryInbox() {
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(5), clock);
    queue.agents().addInbox("alice", null);
    queue.agents().addInbox("bob", null);
    SendResult sent = queue.sender(1024).send(SendRequest.broadcast("me", "hello"));

    processor(queue).runOnce();

    for (String agent : List.of("alice", "bob")) {
      assertEquals(1, inboxFiles(agent).size(), agent);
    }
    assertTrue(
        queue.queries().message(sent.messageId()).orElseThrow().recipients().stream()
            .allMatch(r -> r.state() == EntryState.DELIVERED));
  }

  private Processor processor(QueueDirectory queue) {
    return new Processor(
        queue,
        ProcessorConfig.defaults("test-owner"),
        Deliveries.standard(dir, Duration.ofSeconds(5)),
        new RetryPolicy(clock, RandomGenerator.getDefault(), 3));
  }

  private List<Path> inboxFiles(String agent) {
    try (var files = Files.list(dir.resolve("inbox").resolve(agent).resolve("new"))) {
      return files.toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
