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
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.processor.testing.ProcessorProcess;
import queue.processor.testing.StallingServer;
import queue.processor.testing.TestQueue;

/** SIGTERM mid-drain: exit 0, nothing left PROCESSING, nothing lost, even with stalled peers. */
class SigtermIT {
  private static final Path LOGS = Path.of("target", "it-logs", "sigterm");

  @TempDir Path dir;

  @Test
  void sigtermDuringSlowDeliveriesFinishesOrHandsBackAndExitsZero() throws Exception {
    try (TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      for (int i = 0; i < 3; i++) {
        queue.addExec("slow-" + i, "sh", "-c", "cat > /dev/null; sleep 0.5");
      }
      for (int i = 0; i < 4; i++) {
        queue.broadcast("message " + i);
      }

      try (ProcessorProcess processor = ProcessorProcess.start(LOGS, "daemon", dir)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> count(queue, EntryState.PROCESSING) > 0 || !processor.isAlive());

        assertEquals(0, processor.terminate(60), processor.output());
      }

      assertNothingHeldAndNothingLost(queue);
      assertTrue(count(queue, EntryState.PENDING) > 0, "the stop came mid-drain");
      try (ProcessorProcess again = ProcessorProcess.start(LOGS, "once", dir, "--once")) {
        assertEquals(0, again.awaitExit(120), again.output());
      }
      assertEquals(12, count(queue, EntryState.DELIVERED));
    }
  }

  @Test
  void sigtermWhileEveryWorkerWaitsOnAStalledPeerEndsTheReadsAndExitsZero() throws Exception {
    try (StallingServer stalling = StallingServer.headersThenNothing();
        TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      queue.addHttp("stalled-1", stalling.url());
      queue.addHttp("stalled-2", stalling.url());
      queue.broadcast("hello");

      try (ProcessorProcess processor =
          ProcessorProcess.start(LOGS, "stalled", dir, "--workers", "2", "--timeout", "1h")) {
        await().atMost(Duration.ofSeconds(30)).until(() -> stalling.requests() == 2);

        // Exit 1 would mean the hook gave up waiting for an orderly stop.
        assertEquals(0, processor.terminate(120), processor.output());
        assertTrue(processor.output().contains("interrupting them"), processor.output());
      }

      assertNothingHeldAndNothingLost(queue);
      assertEquals(2, count(queue, EntryState.PENDING));
    }
  }

  private static void assertNothingHeldAndNothingLost(TestQueue queue) {
    List<Entry> entries = queue.entries();
    assertEquals(0, count(queue, EntryState.PROCESSING), entries.toString());
    assertEquals(List.of(), queue.store().liveness().running());
    for (Entry entry : entries) {
      if (entry.state() == EntryState.PENDING) {
        assertEquals(0, entry.attempts(), "handed back with its attempts unchanged: " + entry);
      } else {
        assertEquals(EntryState.DELIVERED, entry.state(), entry.toString());
      }
    }
  }

  private static long count(TestQueue queue, EntryState state) {
    return queue.entries().stream().filter(e -> e.state() == state).count();
  }
}
