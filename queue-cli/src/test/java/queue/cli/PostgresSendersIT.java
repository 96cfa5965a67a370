package queue.cli;

import static java.util.stream.Collectors.toSet;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.EntryView;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.model.Entry;
import queue.core.testing.DeliveryLog;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * Eight senders in JVMs of their own, each running the command line's {@code send} over and over,
 * and three processors started by bin/queue-processor, all on one PostgreSQL database, delivering
 * to exec agents that log every delivery: every message queued is delivered, each entry once, each
 * recipient's entries in queue order and one at a time.
 */
class PostgresSendersIT {
  private static final Path LOGS = Path.of("target", "it-logs", "postgres-senders");
  private static final int SENDERS = 8;
  private static final int SENDS_EACH = 15;
  private static final int PROCESSORS = 3;
  private static final List<String> RECIPIENTS =
      IntStream.rangeClosed(1, 6).mapToObj(i -> "r" + i).toList();

  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  void eightSendersAndThreeProcessorsLoseNothingRepeatNothingAndKeepOrder() throws Exception {
    long began = System.nanoTime();
    Files.createDirectories(LOGS);
    OnPostgres queue = new OnPostgres(PostgresServer.shared().newDatabase(), tmp.resolve("home"));
    Path agentLogs = Files.createDirectories(tmp.resolve("agent-logs"));
    registerAgents(queue, DeliveryLog.writeAgent(tmp), agentLogs);
    List<Process> processors = new ArrayList<>();
    for (int i = 0; i < PROCESSORS; i++) {
      processors.add(queue.processor(LOGS.resolve("processor-" + i + ".log"), "--workers", "4"));
    }
    processes.addAll(processors);

    List<Entry> entries = sendAndDrain(queue.url());
    for (Process processor : processors) {
      processor.destroy();
      assertTrue(processor.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops it");
      assertEquals(0, processor.exitValue());
    }

    DeliveryLog seen = DeliveryLog.read(agentLogs);
    assertEquals(
        entries.stream().map(Entry::id).collect(toSet()),
        seen.delivered(),
        "every entry reached its agent");
    assertEquals(0, seen.duplicates(), "deliveries repeated");
    assertEquals(0, seen.inversions(), "deliveries out of queue order");
    assertEquals(0, seen.overlaps(), "deliveries to one recipient at once");
    assertTotals(queue.status().get("totals"), entries.size());
    System.out.printf(
        "PostgresSendersIT: %d senders x %d sends, %d entries, %d deliveries by %d processors,"
            + " 0 lost, 0 duplicates, 0 out of order, 0 overlapping; first to last send %.1f s,"
            + " first send to last delivery %.1f s; %.0f s in all%n",
        SENDERS,
        SENDS_EACH,
        entries.size(),
        seen.starts(),
        seen.pids().size(),
        between(entries, Entry::createdAt, Entry::createdAt),
        between(entries, Entry::createdAt, Entry::deliveredAt),
        (System.nanoTime() - began) / 1e9);
  }

  /**
   * Once the processors run, the senders send; returns the entries once all are delivered, checked
   * against what the senders were told was queued. The test watches through the queue API: a JVM
   * per poll would take the CPU from the run.
   */
  private List<Entry> sendAndDrain(String url) throws IOException, InterruptedException {
    try (QueueStore store = Stores.open(url, OpenOptions.defaults(Clock.systemUTC()))) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> store.liveness().running().size() == PROCESSORS);
      Set<String> queued = sendFromEightJvms(url);
      await()
          .atMost(Duration.ofMinutes(5))
          .until(() -> store.reports().status().totals().delivered() >= queued.size());
      List<Entry> entries =
          store.reports().list(null, null, 0).stream().map(EntryView::entry).toList();
      Set<String> stored =
          entries.stream().map(e -> e.messageId() + " " + e.recipient()).collect(toSet());
      assertEquals(queued, stored, "the entries are exactly what the senders were told");
      return entries;
    }
  }

  /** Seconds from the earliest {@code from} to the latest {@code to} of the entries. */
  private static double between(
      List<Entry> entries, Function<Entry, Instant> from, Function<Entry, Instant> to) {
    Instant first = entries.stream().map(from).min(Comparator.naturalOrder()).orElseThrow();
    Instant last = entries.stream().map(to).max(Comparator.naturalOrder()).orElseThrow();
    return Duration.between(first, last).toMillis() / 1000.0;
  }

  private static void assertTotals(JsonNode totals, int entries) {
    assertEquals(entries, totals.get("delivered").asInt(), totals.toString());
    assertEquals(0, totals.get("pending").asInt() + totals.get("processing").asInt());
    assertEquals(0, totals.get("failed").asInt(), totals.toString());
  }

  private void registerAgents(OnPostgres queue, Path agent, Path agentLogs) {
    Cli cli = Cli.onFiles(queue.home()).environment(Map.of("QUEUE_DIR", queue.home().toString()));
    for (String name : RECIPIENTS) {
      String log = agentLogs.resolve(name + ".log").toString();
      Cli.Result added =
          cli.runRaw(
              "--store", queue.url(), "agents", "add", name, "--exec", agent.toString(), log);
      assertEquals(0, added.exit(), added.toString());
    }
  }

  /** Runs the senders at once; what they were told was queued, as "MESSAGE RECIPIENT". */
  private Set<String> sendFromEightJvms(String url) throws IOException, InterruptedException {
    List<Process> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      senders.add(startSender(url, s));
    }
    processes.addAll(senders);
    Set<String> queued = new HashSet<>();
    for (int s = 0; s < SENDERS; s++) {
      Process sender = senders.get(s);
      assertTrue(sender.waitFor(5, TimeUnit.MINUTES), "sender " + s + " finished");
      Path out = LOGS.resolve("sender-" + s + ".out");
      assertEquals(0, sender.exitValue(), Files.readString(LOGS.resolve("sender-" + s + ".err")));
      List<String> lines = Files.readAllLines(out);
      assertEquals(SENDS_EACH, lines.size(), "one JSON line per send");
      for (String line : lines) {
        JsonNode sent = Json.mapper().readTree(line);
        assertEquals(sent.get("recipients").size(), sent.get("queued").asInt(), line);
        sent.get("recipients")
            .forEach(r -> queued.add(sent.get("messageId").asString() + " " + r.asString()));
      }
    }
    return queued;
  }

  private static Process startSender(String url, int index) throws IOException {
    String name = "sender-" + index;
    return TestMainJvm.start(
        LOGS,
        name,
        SenderMain.class,
        url,
        name,
        Integer.toString(SENDS_EACH),
        Long.toString(index * 7919L),
        String.join(",", RECIPIENTS));
  }
}
