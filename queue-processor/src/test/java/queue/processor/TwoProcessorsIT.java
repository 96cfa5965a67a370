package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.EntryState;
import queue.processor.testing.CountingPeer;
import queue.processor.testing.ProcessorProcess;
import queue.processor.testing.TestQueue;

/** Two processors draining one directory at once: no entry reaches its agent twice. */
class TwoProcessorsIT {
  private static final Path LOGS = Path.of("target", "it-logs", "two");

  @TempDir Path dir;

  @Test
  void twoProcessorsOnOneDirectoryNeverDeliverAnEntryTwice() throws Exception {
    try (CountingPeer peer = new CountingPeer(500);
        TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      for (int i = 0; i < 8; i++) {
        queue.addHttp("agent-" + i, peer.url("agent-" + i));
      }
      for (int i = 0; i < 50; i++) {
        queue.broadcast("broadcast " + i);
      }
      int total = 400;

      try (ProcessorProcess first = ProcessorProcess.start(LOGS, "first", dir, "--workers", "4");
          ProcessorProcess second = ProcessorProcess.start(LOGS, "second", dir, "--workers", "4")) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> queue.entries().stream().allMatch(e -> e.state() == EntryState.DELIVERED));
        assertEquals(2, queue.store().liveness().running().size());
        assertEquals(0, first.terminate(30), first.output());
        assertEquals(0, second.terminate(30), second.output());
      }

      Map<String, List<Integer>> deliveries = peer.roundsByKey();
      assertEquals(total, deliveries.size());
      deliveries.forEach((key, arrivals) -> assertEquals(1, arrivals.size(), key));
      assertEquals(total, peer.deliveries());
    }
  }
}
