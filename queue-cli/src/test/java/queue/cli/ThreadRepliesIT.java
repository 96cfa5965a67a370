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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.EntryView;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.model.Entry;
import queue.core.testing.DeliveryLog;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * Eight repliers in JVMs of their own, each running the command line's {@code reply} over and over
 * into one thread (every other reply with --all), while bin/queue-processor delivers to exec agents
 * that log every delivery, on the file store and on PostgreSQL: every reply is delivered, each
 * entry once, each recipient's entries in queue order (so each replier's replies in the order it
 * sent them), and bin/queue thread lists every message of the thread once, with its recipients.
 */
class ThreadRepliesIT {
  private static final Path LOGS = Path.of("target", "it-logs", "thread-replies");
  private static final int REPLIERS = 8;
  private static final int REPLIES_EACH = 6;
  private static final List<String> TEAM =
      IntStream.rangeClosed(1, REPLIERS).mapToObj(i -> "r" + i).toList();

  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();
  private String database;

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor();
    }
    if (database != null) {
      PostgresServer.shared().dropDatabase(database);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "postgres"})
  void eightReplyingJvmsKeepEachRecipientsOrderAndTheThreadListsEveryMessageOnce(String kind)
      throws Exception {
    Files.createDirectories(LOGS);
    Path home = tmp.resolve("message_queue");
    String store;
    if (kind.equals("files")) {
      store = home.toString();
    } else {
      database = PostgresServer.shared().newDatabase();
      store = database;
    }
    Path agentLogs = Files.createDirectories(tmp.resolve("agent-logs"));
    Path agent = DeliveryLog.writeAgent(tmp);
    for (String name : names()) {
      run(
          store,
          home,
          "agents",
          "add",
          name,
          "--exec",
          agent.toString(),
          agentLogs + "/" + name + ".log");
    }
    String question =
        run(
                store,
                home,
                "send",
                "--json",
                "--from",
                "asker",
                "--to",
                String.join(",", TEAM),
                "who?")
            .json()
            .get("messageId")
            .asString();
    processes.add(
        Launchers.startLogged(
            Launchers.command("bin/queue-processor", "--store", store),
            LOGS.resolve(kind + "-processor.log")));

    Map<String, List<String>> told = replyFromEightJvms(store, kind, question);
    List<Entry> entries = drained(store, told);

    DeliveryLog seen = DeliveryLog.read(agentLogs);
    assertEquals(
        entries.stream().map(Entry::id).collect(toSet()), seen.delivered(), "every entry arrived");
    assertEquals(0, seen.duplicates(), "deliveries repeated");
    assertEquals(0, seen.inversions(), "deliveries out of queue order");
    assertEquals(0, seen.overlaps(), "deliveries to one recipient at once");
    assertEachRepliersOrder(seen, entries);
    assertThreadListsEveryMessageOnce(
        run(store, home, "thread", question, "--json").json(), question, told);
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("asker"));
    names.addAll(TEAM);
    return names;
  }

  private static Launchers.Run run(String store, Path home, String... args) {
    List<String> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    ProcessBuilder builder = Launchers.command("bin/queue", all.toArray(new String[0]));
    builder.environment().put("QUEUE_DIR", home.toString());
    Launchers.Run run = Launchers.run(builder);
    assertEquals(0, run.exit(), "queue " + String.join(" ", args) + ": " + run);
    return run;
  }

  /** Each reply's id and recipients, as its replier was told. */
  private static Map<String, List<String>> replyFromEightJvms(
      String store, String kind, String question) throws IOException, InterruptedException {
    List<Process> repliers = new ArrayList<>();
    for (String replier : TEAM) {
      repliers.add(startReplier(store, kind, replier, question));
    }
    Map<String, List<String>> told = new HashMap<>();
    for (int i = 0; i < REPLIERS; i++) {
      Process replier = repliers.get(i);
      String name = kind + "-" + TEAM.get(i);
      assertTrue(replier.waitFor(5, TimeUnit.MINUTES), name + " finished");
      assertEquals(0, replier.exitValue(), Files.readString(LOGS.resolve(name + ".err")));
      List<String> lines = Files.readAllLines(LOGS.resolve(name + ".out"));
      assertEquals(REPLIES_EACH, lines.size(), "one JSON line per reply");
      for (String line : lines) {
        JsonNode sent = Json.mapper().readTree(line);
        assertEquals(question, sent.get("threadId").asString(), line);
        List<String> recipients = new ArrayList<>();
        sent.get("recipients").values().forEach(r -> recipients.add(r.asString()));
        told.put(sent.get("messageId").asString(), recipients);
      }
    }
    return told;
  }

  private static Process startReplier(String store, String kind, String replier, String question)
      throws IOException {
    return TestMainJvm.start(
        LOGS,
        kind + "-" + replier,
        ReplierMain.class,
        store,
        replier,
        Integer.toString(REPLIES_EACH),
        question);
  }

  /** Every entry, once the processor delivered them all, checked against what was told. */
  private static List<Entry> drained(String store, Map<String, List<String>> told) {
    try (QueueStore direct = Stores.open(store, OpenOptions.defaults(Clock.systemUTC()))) {
      int expected = REPLIERS + told.values().stream().mapToInt(List::size).sum();
      await()
          .atMost(Duration.ofMinutes(5))
          .until(() -> direct.reports().status().totals().delivered() >= expected);
      List<Entry> entries =
          direct.reports().list(null, null, 0).stream().map(EntryView::entry).toList();
      assertEquals(expected, entries.size());
      return entries;
    }
  }

  // A replier's replies are queued one after another, so each recipient gets them in that order.
  private static void assertEachRepliersOrder(DeliveryLog seen, List<Entry> entries) {
    Map<String, Entry> byId = new HashMap<>();
    entries.forEach(e -> byId.put(e.id(), e));
    for (var recipient : seen.byRecipient().entrySet()) {
      Map<String, String> lastFrom = new HashMap<>();
      for (DeliveryLog.Delivery delivery : recipient.getValue()) {
        Entry entry = byId.get(delivery.entryId());
        String previous = lastFrom.put(entry.sender(), entry.messageId());
        assertTrue(
            previous == null || previous.compareTo(entry.messageId()) < 0,
            recipient.getKey() + " got " + entry.sender() + "'s replies out of order");
      }
    }
  }

  private static void assertThreadListsEveryMessageOnce(
      JsonNode thread, String question, Map<String, List<String>> told) {
    assertEquals(question, thread.get("threadId").asString());
    Set<String> listed = new HashSet<>();
    Map<String, List<String>> recipients = new HashMap<>();
    String previous = "";
    for (JsonNode message : thread.get("messages").values()) {
      String id = message.get("messageId").asString();
      assertTrue(listed.add(id), id + " listed twice");
      assertTrue(previous.compareTo(id) < 0, "oldest first");
      previous = id;
      List<String> names = new ArrayList<>();
      for (JsonNode recipient : message.get("recipients").values()) {
        names.add(recipient.get("recipient").asString());
        assertEquals("DELIVERED", recipient.get("state").asString(), message.toString());
      }
      recipients.put(id, names);
    }
    assertEquals(1 + told.size(), listed.size());
    assertEquals(TEAM, recipients.get(question));
    for (var reply : told.entrySet()) {
      assertEquals(reply.getValue(), recipients.get(reply.getKey()), reply.getKey());
    }
  }
}
