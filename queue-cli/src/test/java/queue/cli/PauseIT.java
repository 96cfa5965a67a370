package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.Stores;
import queue.core.testing.DeliveryLog;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * Issue 19, defect 4: {@code queue agents pause} takes effect before the next delivery to the
 * agent, though the processor claimed a whole batch of its entries. bin/queue-processor delivers 40
 * entries to an exec agent that takes 0.2 s each; bin/queue agents pause lands mid-batch. From the
 * agent's own log: at most one delivery starts after the pause returned (one the processor had
 * already begun), the rest of the batch goes back to PENDING, and after resume every entry arrives
 * once, in queue order. On the file store and on PostgreSQL.
 */
class PauseIT {
  private static final Path LOGS = Path.of("target", "it-logs", "pause");
  private static final int MESSAGES = 40;

  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    Launchers.stopAll(started);
  }

  @Test
  void aPauseStopsTheClaimedBatchOfAFileStoreAgent() throws Exception {
    Path dir = tmp.resolve("message_queue");
    pauseMidBatch(dir.toString(), args -> Launchers.queue(dir, args), "files");
  }

  @Test
  void aPauseStopsTheClaimedBatchOfAPostgresAgent() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try {
      OnPostgres postgres = new OnPostgres(url, tmp.resolve("message_queue"));
      pauseMidBatch(url, postgres::queue, "postgres");
    } finally {
      PostgresServer.shared().dropDatabase(url);
    }
  }

  /** Builds a bin/queue run on the store under test. */
  private interface Command {
    ProcessBuilder of(String... args);
  }

  private void pauseMidBatch(String store, Command queue, String name) throws Exception {
    Path logs = tmp.resolve("deliveries");
    Path agent = DeliveryLog.writeAgent(tmp);
    run(queue, "agents", "add", "alice", "--exec", agent.toString(), logs + "/alice.log", "0.2");
    Files.createDirectories(logs);
    Files.createDirectories(LOGS);
    try (QueueStore direct = Stores.open(store, OpenOptions.defaults(Clock.systemUTC()))) {
      for (int i = 0; i < MESSAGES; i++) {
        direct.sends().send(SendRequest.to(List.of("alice"), "ops", "message " + i));
      }
    }
    ProcessBuilder processor = queue.of().command(processorCommand(queue.of().command()));
    started.add(Launchers.startLogged(processor, LOGS.resolve(name + ".log")));

    await().atMost(Duration.ofMinutes(2)).until(() -> DeliveryLog.read(logs).starts() >= 3);
    run(queue, "agents", "pause", "alice");
    int startsAtPause = DeliveryLog.read(logs).starts();
    // The delivery in flight finishes and its outcome is saved; the rest is handed back.
    await().atMost(Duration.ofMinutes(2)).until(() -> alice(queue).get("processing").asInt() == 0);

    DeliveryLog afterPause = DeliveryLog.read(logs);
    assertTrue(
        afterPause.starts() <= startsAtPause + 1,
        "deliveries started after the pause returned: " + (afterPause.starts() - startsAtPause));
    JsonNode paused = alice(queue);
    assertEquals(afterPause.delivered().size(), paused.get("delivered").asInt(), paused.toString());
    assertEquals(MESSAGES - afterPause.delivered().size(), paused.get("pending").asInt());
    assertTrue(paused.get("pending").asInt() > 0, "the pause left entries to deliver");

    run(queue, "agents", "resume", "alice");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> alice(queue).get("delivered").asInt() == MESSAGES);
    DeliveryLog seen = DeliveryLog.read(logs);
    assertEquals(MESSAGES, seen.delivered().size(), "every entry reached the agent");
    assertEquals(0, seen.duplicates(), "entries delivered twice");
    assertEquals(0, seen.inversions(), "entries out of queue order");
    assertEquals(0, seen.overlaps(), "deliveries at once");
    System.out.printf(
        "PauseIT (%s): paused after %d of %d deliveries, %d started after the pause returned%n",
        name, startsAtPause, MESSAGES, afterPause.starts() - startsAtPause);
  }

  // bin/queue-processor with the same store options as bin/queue.
  private static List<String> processorCommand(List<String> queueCommand) {
    List<String> command = new ArrayList<>(queueCommand);
    command.set(0, Launchers.ROOT.resolve("bin/queue-processor").toString());
    return command;
  }

  private static JsonNode alice(Command queue) {
    Launchers.Run status = run(queue, "status", "--json", "--agent", "alice");
    return status.json().get("agents").get(0);
  }

  private static Launchers.Run run(Command queue, String... args) {
    Launchers.Run run = Launchers.run(queue.of(args));
    if (run.exit() != 0) {
      throw new AssertionError("queue " + String.join(" ", args) + ": " + run);
    }
    return run;
  }
}
