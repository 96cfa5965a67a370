package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.EntryView;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * Conversations through the real launchers, on the file store and on PostgreSQL: identity from
 * $QUEUE_AGENT, a reply that reaches the asker in its thread, --all that skips the replier, a reply
 * to an unknown id that queues nothing, peeking that changes nothing, and a non-delivery notice
 * that reaches the sender once --max-attempts ran out, whose own failure makes no other.
 */
class ConversationsIT {
  private static final Path LOGS = Path.of("target", "it-logs", "conversations");

  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();
  private String database;
  private Target target;

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (database != null) {
      PostgresServer.shared().dropDatabase(database);
    }
  }

  /** The store under test, as the launchers reach it. */
  private record Target(String location, Launch queue, Launch processor) {}

  private interface Launch {
    ProcessBuilder of(String... args);
  }

  private void open(String store) throws Exception {
    Path home = tmp.resolve("message_queue");
    Files.createDirectories(LOGS);
    if (store.equals("files")) {
      target =
          new Target(
              home.toString(),
              args -> Launchers.queue(home, args),
              args -> Launchers.command("bin/queue-processor", with("--dir", home, args)));
    } else {
      database = PostgresServer.shared().newDatabase();
      OnPostgres postgres = new OnPostgres(database, home);
      target =
          new Target(
              database,
              postgres::queue,
              args -> {
                ProcessBuilder builder =
                    Launchers.command("bin/queue-processor", with("--store", database, args));
                builder.environment().put("QUEUE_DIR", home.toString());
                return builder;
              });
    }
  }

  private static String[] with(String option, Object value, String[] args) {
    List<String> all = new ArrayList<>(List.of(option, value.toString()));
    all.addAll(List.of(args));
    return all.toArray(new String[0]);
  }

  /** bin/queue ARGS as {@code agent} ($QUEUE_AGENT), or as nobody in particular when null. */
  private Launchers.Run as(String agent, String... args) {
    ProcessBuilder builder = target.queue().of(args);
    if (agent != null) {
      builder.environment().put(CliContext.AGENT_VARIABLE, agent);
    }
    return Launchers.run(builder);
  }

  private Launchers.Run ok(String agent, String... args) {
    Launchers.Run run = as(agent, args);
    assertEquals(0, run.exit(), "queue " + String.join(" ", args) + ": " + run);
    return run;
  }

  private List<JsonNode> received(String agent) {
    return ok(agent, "receive", "--json").out().lines().map(Json.mapper()::readTree).toList();
  }

  private QueueStore direct() {
    return Stores.open(target.location(), OpenOptions.defaults(Clock.systemUTC()));
  }

  // The whole state, read in this JVM: cheaper than a run of bin/queue export.
  private ExportDocument exported() {
    try (QueueStore direct = direct()) {
      return direct.transfer().exportAll();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "postgres"})
  void aReplyReachesTheAskerInItsThreadAndReplyToAllSkipsTheReplier(String store) throws Exception {
    open(store);
    for (String name : List.of("alice", "bob", "carol")) {
      ok(null, "agents", "add", name, "--pull");
    }
    Launchers.Run question = ok("alice", "send", "--json", "--to", "bob,carol", "which port?");
    String q = question.json().get("messageId").asString();
    assertEquals(q, question.json().get("threadId").asString());
    String bobsEntry = received("bob").get(0).get("id").asString();

    JsonNode answer = ok("bob", "reply", "--json", bobsEntry, "8080").json();
    JsonNode atAlice = received("alice").get(0);
    JsonNode toAll = ok("carol", "reply", q, "--all", "--json", "me too").json();

    assertEquals("[\"alice\"]", answer.get("recipients").toString());
    assertEquals(q, answer.get("threadId").asString());
    assertEquals(answer.get("messageId").asString(), atAlice.get("messageId").asString());
    assertEquals(q, atAlice.get("inReplyTo").asString());
    assertEquals(q, atAlice.get("threadId").asString());
    assertEquals("bob", atAlice.get("from").asString());
    assertEquals("[\"alice\",\"bob\"]", toAll.get("recipients").toString());
    List<JsonNode> atCarol = received("carol");
    assertEquals(1, atCarol.size(), "carol got the question and not her own reply");
    assertEquals(q, atCarol.get(0).get("messageId").asString());
    assertEquals(
        toAll.get("messageId").asString(), received("bob").get(0).get("messageId").asString());
    JsonNode thread = ok(null, "thread", q, "--json").json();
    assertEquals(3, thread.get("messages").size(), thread.toString());
    assertTrue(ok("alice", "send", "--broadcast", "hello all").out().contains("queued for 2/2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "postgres"})
  void aReplyToAnUnknownIdIsExitTwoAndQueuesNothing(String store) throws Exception {
    open(store);
    ok(null, "agents", "add", "alice", "--pull");
    ok(null, "agents", "add", "bob", "--pull");
    ok("alice", "send", "--to", "bob", "which port?");
    ExportDocument before = exported();

    Launchers.Run refused = as("bob", "reply", "zzzzzzzz", "8080");

    assertEquals(2, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("no message or entry with id zzzzzzzz"), refused.err());
    ExportDocument after = exported();
    assertEquals(before.messages(), after.messages());
    assertEquals(before.entries(), after.entries());
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "postgres"})
  void peekingTwiceChangesNothing(String store) throws Exception {
    open(store);
    ok(null, "agents", "add", "alice", "--pull");
    ok(null, "agents", "add", "bob", "--pull");
    ok("alice", "send", "--to", "bob", "one");
    ok("alice", "send", "--to", "bob", "two");
    ExportDocument before = exported();

    Launchers.Run first = ok("bob", "receive", "--peek", "--json");
    Launchers.Run second = ok("bob", "receive", "--peek", "--json");

    assertEquals(2, first.out().lines().count(), first.toString());
    assertEquals(first.out(), second.out());
    assertEquals(before.entries(), exported().entries());
    assertEquals(2, received("bob").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "postgres"})
  void aNoticeReachesTheSenderAndItsOwnFailureMakesNoOther(String store) throws Exception {
    open(store);
    Path got = tmp.resolve("asker-got.json");
    Path down = script("down.sh", "exit 1");
    Path asker = script("asker.sh", "cat >> \"$1\"", "exit 1");
    ok(null, "agents", "add", "down", "--max-attempts", "2", "--exec", down.toString());
    ok(
        null,
        "agents",
        "add",
        "asker",
        "--max-attempts",
        "1",
        "--exec",
        asker.toString(),
        got.toString());
    String q =
        ok("asker", "send", "--json", "--to", "down", "are you there?")
            .json()
            .get("messageId")
            .asString();

    started.add(
        Launchers.startLogged(target.processor().of(), LOGS.resolve(store + "-processor.log")));

    try (QueueStore direct = direct()) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> failed(direct, "asker") && failed(direct, "down"));
      List<Message> messages = direct.transfer().exportAll().messages();
      assertEquals(2, messages.size(), "the question and one notice: " + messages);
      Message notice = messages.get(1);
      assertEquals("queue", notice.sender());
      assertEquals(q, notice.inReplyTo());
      assertEquals(q, notice.threadId());
      assertEquals(List.of("asker"), notice.recipients());
      List<EntryView> entries = direct.reports().list(null, null, 0);
      assertEquals(2, entries.get(0).entry().attempts(), "down was tried --max-attempts times");
    }
    JsonNode received = Json.mapper().readTree(Files.readString(got));
    assertEquals("queue", received.get("from").asString());
    assertEquals(q, received.get("inReplyTo").asString());
    assertEquals(q, received.get("threadId").asString());
    JsonNode notice = received.get("notice");
    assertEquals("down", notice.get("recipient").asString());
    assertEquals("FAILED", notice.get("state").asString());
    assertFalse(notice.get("error").asString().isEmpty());
    String body = received.get("body").asString();
    assertTrue(body.contains("down") && !body.contains("\n"), body);
  }

  // An exec agent that runs these lines of sh and fails.
  private Path script(String name, String... lines) throws Exception {
    Path script = tmp.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static boolean failed(QueueStore store, String recipient) {
    List<EntryView> entries = store.reports().list(null, recipient, 0);
    return !entries.isEmpty() && entries.get(0).entry().state() == EntryState.FAILED;
  }
}
