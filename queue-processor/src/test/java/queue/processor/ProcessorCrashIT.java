package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.EntryState;
import queue.processor.testing.CountingPeer;
import queue.processor.testing.ProcessorProcess;
import queue.processor.testing.TestQueue;

/**
 * kill -9 of a processor with 4 workers at random points of a drain, many times, on the file store:
 * every entry is delivered in the end, an entry is delivered more than once only across a kill, and
 * each kill repeats at most one entry per worker (issue 19, defect 13: the one each worker was
 * delivering, or whose outcome waited for its save; docs/PROCESSOR.md, "Crashes").
 */
class ProcessorCrashIT {
  private static final int AGENTS = 6;
  private static final int KILLS = 8;
  private static final int WORKERS = 4;
  private static final Path LOGS = Path.of("target", "it-logs", "crash");

  @TempDir Path dir;

  @Test
  void everyEntrySurvivesRepeatedKillsAndOnlyInFlightEntriesAreRepeated() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (CountingPeer peer = new CountingPeer(3000);
        TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      int total = fill(queue, peer);

      for (int round = 0; round <= KILLS; round++) {
        peer.setRound(round);
        try (ProcessorProcess processor =
            ProcessorProcess.start(
                LOGS,
                "round-" + round,
                dir,
                "--lease",
                "2s",
                "--workers",
                Integer.toString(WORKERS))) {
          if (round < KILLS) {
            int target = (round + 1) * total / (KILLS + 2) + random.nextInt(total / (KILLS + 2));
            await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> peer.deliveries() >= target || !processor.isAlive());
            assertTrue(processor.isAlive(), processor.output());
            processor.kill();
            // Liveness comes from an OS lock: right at once after kill -9.
            assertEquals(List.of(), queue.store().liveness().running());
          } else {
            await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> allDelivered(queue, total) || !processor.isAlive());
            assertEquals(0, processor.terminate(30), processor.output());
          }
        }
      }

      assertTrue(allDelivered(queue, total), "seed " + seed);
      Map<String, List<Integer>> rounds = peer.roundsByKey();
      assertEquals(total, rounds.size(), "every entry reached the peer; seed " + seed);
      int[] repeatedAfterKill = new int[KILLS];
      for (Map.Entry<String, List<Integer>> entry : rounds.entrySet()) {
        List<Integer> arrivals = entry.getValue();
        for (int i = 1; i < arrivals.size(); i++) {
          int earlier = arrivals.get(i - 1);
          assertTrue(
              earlier < arrivals.get(i) && earlier < KILLS,
              "entry " + entry.getKey() + " repeated within a run: " + arrivals + "; seed " + seed);
          repeatedAfterKill[earlier]++;
        }
      }
      for (int kill = 0; kill < KILLS; kill++) {
        assertTrue(
            repeatedAfterKill[kill] <= WORKERS,
            "kill "
                + (kill + 1)
                + " repeated "
                + repeatedAfterKill[kill]
                + " entries, more than one per worker ("
                + WORKERS
                + "): "
                + Arrays.toString(repeatedAfterKill)
                + "; seed "
                + seed);
      }
      System.out.printf(
          "ProcessorCrashIT: %d entries, %d kills, %s entries repeated after each kill (at most"
              + " %d)%n",
          total, KILLS, Arrays.toString(repeatedAfterKill), WORKERS);
    }
  }

  private static int fill(TestQueue queue, CountingPeer peer) {
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      agents.add("agent-" + i);
      queue.addHttp("agent-" + i, peer.url("agent-" + i));
    }
    int total = 0;
    for (int i = 0; i < 60; i++) {
      queue.broadcast("broadcast " + i);
      total += AGENTS;
      String one = agents.get(i % AGENTS);
      queue.send("to " + one + " " + i, one);
      total++;
    }
    return total;
  }

  private static boolean allDelivered(TestQueue queue, int total) {
    var entries = queue.entries();
    return entries.size() == total
        && entries.stream().allMatch(e -> e.state() == EntryState.DELIVERED);
  }
}
