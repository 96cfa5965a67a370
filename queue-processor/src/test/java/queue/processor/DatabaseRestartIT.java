package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.testing.DeliveryLog;
import queue.postgres.testing.PostgresServer;
import queue.processor.testing.LoggedBacklog;
import queue.processor.testing.ProcessorProcess;

/**
 * The database goes away in the middle of a drain ({@code pg_ctl stop -m fast}) and comes back on
 * the same data and port: the two processors in JVMs of their own keep running, each logs one line
 * when it loses the store and one when it is back, and they finish the drain. Nothing is lost, the
 * order holds, and nothing is delivered twice because of the outage: an entry delivered twice must
 * have been in flight when the server stopped (with the default 60 s lease, none is). A processor
 * seen delivering after the restart is counted as running at that moment (issue 19, defect 10: it
 * was not, for seconds, while its liveness mark waited for its next 2 s check).
 */
class DatabaseRestartIT {
  private static final Path LOGS = Path.of("target", "it-logs", "postgres-restart");
  private static final String LOST = "WARN  StoreHealth - lost the store ";
  private static final String BACK = "INFO  StoreHealth - the store ";

  @TempDir Path dir;

  @Test
  void processorsSurviveTheDatabaseStoppingMidDrainAndFinishWithNothingLost() throws Exception {
    long began = System.nanoTime();
    try (PostgresServer server = PostgresServer.start(Path.of("target", "embedded-postgres-2"));
        LoggedBacklog backlog =
            LoggedBacklog.create(server.newDatabase(), dir, 4, "0.02").fill(40, 40);
        ProcessorProcess first = start(backlog, "first");
        ProcessorProcess second = start(backlog, "second")) {
      List<ProcessorProcess> processors = List.of(first, second);
      await().atMost(Duration.ofMinutes(3)).until(() -> backlog.seen().starts() >= 60);

      int startsAtStop = backlog.seen().starts();
      Set<String> inFlight = stopTheServer(server, backlog, processors);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> first.output().contains(LOST) && second.output().contains(LOST));
      int startsAtRestart = backlog.seen().starts();
      long restartedAt = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      server.restart();
      Map<Long, Boolean> countedWhenSeenWorking = new HashMap<>();
      await()
          .atMost(Duration.ofMinutes(5))
          .ignoreExceptions()
          .until(
              () -> {
                noteWhetherCounted(backlog, restartedAt, countedWhenSeenWorking);
                return backlog.allDelivered();
              });
      assertFalse(countedWhenSeenWorking.isEmpty(), "a processor delivered after the restart");
      assertFalse(
          countedWhenSeenWorking.containsValue(false),
          "processors (by pid) counted as running when first seen delivering after the restart: "
              + countedWhenSeenWorking);

      assertEachSurvivedSayingLostAndBackOnce(processors);
      DeliveryLog seen = backlog.seen();
      assertEquals(backlog.entryIds(), seen.delivered(), "every entry reached its agent");
      assertEquals(0, seen.inversions(), "deliveries out of queue order");
      assertEquals(0, seen.overlaps(), "deliveries to one recipient at once");
      assertTrue(
          inFlight.containsAll(seen.repeated().keySet()),
          "repeated without being in flight at the stop: " + seen.repeated());
      System.out.printf(
          "DatabaseRestartIT: %d entries, server stopped after about %d deliveries with %d"
              + " entries claimed, %d deliveries started during the outage; %d duplicates,"
              + " 0 lost, 0 out of order, 0 overlapping; %.0f s%n",
          backlog.total(),
          startsAtStop,
          inFlight.size(),
          startsAtRestart - startsAtStop,
          seen.duplicates(),
          (System.nanoTime() - began) / 1e9);
    }
  }

  // The log is read first: a processor's deliveries after the restart must have followed its new
  // liveness mark, so the store's answer read after them must count it.
  private static void noteWhetherCounted(
      LoggedBacklog backlog, long restartedAt, Map<Long, Boolean> countedWhenSeenWorking) {
    Set<Long> working = new HashSet<>();
    backlog
        .seen()
        .byRecipient()
        .values()
        .forEach(
            deliveries ->
                deliveries.stream()
                    .filter(delivery -> delivery.start() > restartedAt)
                    .forEach(delivery -> working.add(delivery.pid())));
    Set<Long> counted = new HashSet<>();
    backlog.queue().store().liveness().running().forEach(p -> counted.add(p.pid()));
    working.forEach(pid -> countedWhenSeenWorking.putIfAbsent(pid, counted.contains(pid)));
  }

  private static void assertEachSurvivedSayingLostAndBackOnce(List<ProcessorProcess> processors)
      throws Exception {
    for (ProcessorProcess processor : processors) {
      String log = processor.output();
      assertEquals(0, processor.terminate(60), "it survived the outage: " + log);
      List<String> said = storeLines(log);
      assertEquals(2, said.size(), "one line for the loss, one for the return: " + said);
      assertTrue(said.get(0).contains(LOST) && said.get(1).contains(BACK), said.toString());
    }
  }

  private ProcessorProcess start(LoggedBacklog backlog, String name) throws IOException {
    return ProcessorProcess.onStore(
        LOGS, name, backlog.queue().store().location(), "--workers", "4");
  }

  // The processors are stopped (SIGSTOP) while the store is read, so that what they hold when the
  // server stops is known exactly; they go on as soon as it is down.
  private static Set<String> stopTheServer(
      PostgresServer server, LoggedBacklog backlog, List<ProcessorProcess> processors)
      throws IOException, InterruptedException {
    Set<String> held = new HashSet<>();
    for (ProcessorProcess processor : processors) {
      processor.suspend();
    }
    try {
      for (ProcessorProcess processor : processors) {
        held.addAll(backlog.heldBy(processor.pid()));
      }
      server.stop();
    } finally {
      for (ProcessorProcess processor : processors) {
        processor.resume();
      }
    }
    return held;
  }

  /** What a processor logged besides its start, its stop and its deliveries. */
  private static List<String> storeLines(String log) {
    return log.lines()
        .filter(line -> !line.contains(" ProcessorMain - ") && !line.contains(" BatchDelivery - "))
        .toList();
  }
}
