package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * Senders in JVMs of their own send with idempotency keys while the database crashes ({@code pg_ctl
 * stop -m immediate}: no checkpoint, no goodbye to the clients) and comes back; each runs a send
 * that exited 6 again with the same key until it succeeds, as the README tells scripts to. Every
 * message is queued exactly once, with all its entries, under the id its sender was finally told,
 * whether its first try was lost with the crash or committed just before it.
 */
class PostgresCrashRetryIT {
  private static final Path LOGS = Path.of("target", "it-logs", "postgres-crash-retry");
  private static final int SENDERS = 4;
  private static final int SENDS_EACH = 40;
  private static final List<String> RECIPIENTS = List.of("r1", "r2", "r3");

  @TempDir Path tmp;
  private final List<Process> senders = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process sender : senders) {
      sender.destroyForcibly().waitFor();
    }
  }

  @Test
  void sendersRetryingWithTheirKeysAcrossADatabaseCrashQueueEachMessageExactlyOnce()
      throws Exception {
    Files.createDirectories(LOGS);
    // Durable: the tests' usual server commits without waiting for its WAL (synchronous_commit
    // off), so a crash loses sends it has already answered, as a real installation's would not.
    try (PostgresServer server =
        PostgresServer.start(Path.of("target", "embedded-postgres-crash"), true)) {
      String url = server.newDatabase();
      Cli cli = Cli.onFiles(tmp.resolve("home"));
      for (String name : RECIPIENTS) {
        Cli.Result added = cli.runRaw("--store", url, "agents", "add", name, "--pull");
        assertEquals(0, added.exit(), added.toString());
      }
      for (int s = 0; s < SENDERS; s++) {
        senders.add(startSender(url, s));
      }

      awaitMessages(url, SENDERS * SENDS_EACH / 8);
      server.crash();
      // Each sender still sending meets the crash (a fast one may have finished before it).
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  IntStream.range(0, SENDERS)
                      .allMatch(s -> !senders.get(s).isAlive() || stderrOf(s).contains(" 6: ")));
      server.restart();

      Map<String, String> told = new HashMap<>();
      int retries = 0;
      int duplicates = 0;
      for (int s = 0; s < SENDERS; s++) {
        Process sender = senders.get(s);
        assertTrue(sender.waitFor(5, TimeUnit.MINUTES), "sender " + s + " finished");
        assertEquals(0, sender.exitValue(), stderrOf(s));
        retries += (int) stderrOf(s).lines().count();
        List<String> lines = Files.readAllLines(LOGS.resolve("sender-" + s + ".out"));
        assertEquals(SENDS_EACH, lines.size(), "one answer per message");
        for (int i = 0; i < lines.size(); i++) {
          JsonNode sent = Json.mapper().readTree(lines.get(i));
          told.put("sender-" + s + "-" + i, sent.get("messageId").asString());
          duplicates += sent.path("duplicate").asBoolean() ? 1 : 0;
        }
      }

      assertTrue(retries > 0, "no send met the crash");
      assertQueuedExactlyOnce(url, told);
      System.out.printf(
          "PostgresCrashRetryIT: %d senders x %d messages across a crash (-m immediate): %d sends"
              + " exited 6 and were run again, %d answered as the first try that had committed;"
              + " each message queued once%n",
          SENDERS, SENDS_EACH, retries, duplicates);
    }
  }

  private static void awaitMessages(String url, int count) {
    try (QueueStore store = Stores.open(url, OpenOptions.defaults(Clock.systemUTC()))) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> store.reports().status().totals().pending() >= count);
    }
  }

  /** Every key has one message, the one its sender was told, with an entry per recipient. */
  private static void assertQueuedExactlyOnce(String url, Map<String, String> told) {
    ExportDocument state;
    try (QueueStore store = Stores.open(url, OpenOptions.defaults(Clock.systemUTC()))) {
      state = store.transfer().exportAll();
    }
    Map<String, String> stored = new HashMap<>();
    for (Message message : state.messages()) {
      assertEquals(null, stored.put(message.idempotencyKey(), message.id()), "key twice");
    }
    assertEquals(told, stored, "each key queued once, under the id its sender was told");
    Map<String, Integer> entries = new HashMap<>();
    for (Entry entry : state.entries()) {
      entries.merge(entry.messageId(), 1, Integer::sum);
    }
    for (Message message : state.messages()) {
      assertEquals(message.recipients().size(), entries.get(message.id()), message.toString());
    }
  }

  private static String stderrOf(int sender) {
    try {
      return Files.readString(LOGS.resolve("sender-" + sender + ".err"));
    } catch (IOException e) {
      return "";
    }
  }

  private static Process startSender(String url, int index) throws IOException {
    String name = "sender-" + index;
    return TestMainJvm.start(
        LOGS,
        name,
        RetryingSenderMain.class,
        url,
        name,
        Integer.toString(SENDS_EACH),
        String.join(",", RECIPIENTS.subList(0, 1 + index % RECIPIENTS.size())));
  }
}
