package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.QueueDirectory;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.send.SendRequest;
import queue.processor.testing.ProcessorProcess;

/** SIGTERM while slow deliveries run: exit 0, nothing left PROCESSING, nothing lost. */
class SigtermIT {
  private static final Path LOGS = Path.of("target", "it-logs", "sigterm");

  @TempDir Path dir;

  @Test
  void sigtermDuringSlowDeliveriesFinishesOrHandsBackAndExitsZero() throws Exception {
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(10), Clock.systemUTC());
    for (int i = 0; i < 3; i++) {
      queue.agents().addExec("slow-" + i, List.of("sh", "-c", "cat > /dev/null; sleep 0.5"));
    }
    for (int i = 0; i < 4; i++) {
      queue.sender(4096).send(SendRequest.broadcast("sigterm-test", "message " + i));
    }

    try (ProcessorProcess processor = ProcessorProcess.start(LOGS, "daemon", dir)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> count(queue, EntryState.PROCESSING) > 0 || !processor.isAlive());

      assertEquals(0, processor.terminate(30), processor.output());
    }

    List<Entry> entries = queue.store().read().queue().entries();
    assertEquals(0, count(queue, EntryState.PROCESSING), entries.toString());
    assertEquals(List.of(), queue.processors().running());
    for (Entry entry : entries) {
      if (entry.state() == EntryState.PENDING) {
        assertEquals(0, entry.attempts(), "handed back with its attempts unchanged: " + entry);
      } else {
        assertEquals(EntryState.DELIVERED, entry.state(), entry.toString());
      }
    }
    assertTrue(count(queue, EntryState.PENDING) > 0, "the stop came mid-drain: " + entries);

    try (ProcessorProcess again = ProcessorProcess.start(LOGS, "once", dir, "--once")) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !again.isAlive());
    }
    assertEquals(12, count(queue, EntryState.DELIVERED));
  }

  private static long count(QueueDirectory queue, EntryState state) {
    return queue.store().read().queue().entries().stream().filter(e -> e.state() == state).count();
  }
}
