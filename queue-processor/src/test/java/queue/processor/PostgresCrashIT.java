package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.testing.DeliveryLog;
import queue.postgres.testing.PostgresServer;
import queue.processor.testing.Kills;
import queue.processor.testing.LoggedBacklog;
import queue.processor.testing.ProcessorProcess;

/**
 * Three processors in JVMs of their own drain one PostgreSQL database to exec agents that log every
 * delivery, while the test kills one of them with {@code kill -9} at random points, 20 times (one
 * that holds claims, when one does), and starts another in its place. What the victim held at its
 * death is read from the store (it is stopped first, so it can change nothing more). From the
 * agents' logs: every entry delivered, each recipient's first deliveries in queue order and never
 * two at once, and every repeated delivery is of an entry a killed processor held and had started,
 * repeated after its death; so duplicates are at most what was in flight.
 */
class PostgresCrashIT {
  private static final Path LOGS = Path.of("target", "it-logs", "postgres-crash");
  private static final int KILLS = 20;
  private static final int PROCESSORS = 3;

  @TempDir Path dir;

  @Test
  void killedProcessorsLoseNothingAndRepeatOnlyWhatTheyHeld() throws Exception {
    long began = System.nanoTime();
    long seed = System.nanoTime();
    String url = PostgresServer.shared().newDatabase();
    Kills kills = new Kills();
    try (LoggedBacklog backlog = LoggedBacklog.create(url, dir, 6, null).fill(25, 50)) {
      killAndReplaceWhileDraining(url, backlog, kills, new Random(seed));

      DeliveryLog seen = backlog.seen();
      assertEquals(backlog.entryIds(), seen.delivered(), "every entry reached its agent");
      assertEquals(0, seen.inversions(), "first deliveries out of queue order; seed " + seed);
      assertEquals(0, seen.overlaps(), "deliveries to one recipient at once; seed " + seed);
      assertEquals(List.of(), kills.unexplainedRepeats(seen), "seed " + seed);
      int inFlight = kills.inFlight(seen);
      assertTrue(seen.duplicates() <= inFlight, seen.duplicates() + " > " + inFlight);
      System.out.printf(
          "PostgresCrashIT: %d entries, %d kills (%d while holding claims), %d leases held by the"
              + " killed processors, %d of those entries started (in flight), %d duplicate"
              + " deliveries (each in flight at a kill), 0 lost, 0 out of order, 0 overlapping;"
              + " %.0f s%n",
          backlog.total(),
          kills.count(),
          kills.holding(),
          kills.held(),
          inFlight,
          seen.duplicates(),
          (System.nanoTime() - began) / 1e9);
    }
  }

  private static void killAndReplaceWhileDraining(
      String url, LoggedBacklog backlog, Kills kills, Random random) throws Exception {
    List<ProcessorProcess> running = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSORS; i++) {
        running.add(start(url, "first-" + i, kills));
      }
      int step = backlog.total() / (KILLS + 4);
      for (int k = 0; k < KILLS; k++) {
        int target = (k + 1) * step + random.nextInt(step);
        await()
            .atMost(Duration.ofMinutes(3))
            .until(() -> backlog.seen().starts() >= target || backlog.allDelivered());
        ProcessorProcess victim = pickVictim(running, backlog.holders(), random);
        running.remove(victim);
        kills.killed(kill(victim, backlog));
        running.add(start(url, "after-kill-" + k, kills));
      }
      await().atMost(Duration.ofMinutes(5)).until(backlog::allDelivered);
      for (ProcessorProcess processor : running) {
        assertEquals(0, processor.terminate(60), processor.output());
      }
    } finally {
      running.forEach(ProcessorProcess::close);
    }
  }

  private static ProcessorProcess start(String url, String name, Kills kills) throws IOException {
    ProcessorProcess processor =
        ProcessorProcess.onStore(LOGS, name, url, "--lease", "5s", "--workers", "4");
    kills.started(processor.pid());
    return processor;
  }

  /** One of those that hold leases now, if any does (a kill then lands mid-work). */
  private static ProcessorProcess pickVictim(
      List<ProcessorProcess> running, Set<Long> holders, Random random) {
    List<ProcessorProcess> holding =
        running.stream().filter(p -> holders.contains(p.pid())).toList();
    List<ProcessorProcess> from = holding.isEmpty() ? running : holding;
    return from.get(random.nextInt(from.size()));
  }

  // SIGSTOP first: the leases it holds stay its own (5 s) while the store is read, and a stopped
  // process settles nothing more, so what is read is exactly what it had in flight.
  private static Kills.Kill kill(ProcessorProcess victim, LoggedBacklog backlog)
      throws IOException, InterruptedException {
    victim.suspend();
    long at = System.currentTimeMillis() * 1000;
    Set<String> held = backlog.heldBy(victim.pid());
    victim.kill();
    return new Kills.Kill(victim.pid(), at, held);
  }
}
