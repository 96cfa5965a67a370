package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.testing.DeliveryLog;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * Groups, transport changes and repeated idempotency keys through the real launchers, bin/queue and
 * bin/queue-processor, on the file store and on PostgreSQL: a group is fixed at the moment of the
 * send; an unknown or empty group is exit 2 with nothing queued; an inbox agent with 5 pending
 * entries changed to exec gets those 5 in queue order by exec, and none in its inbox; a repeated
 * key with another body or other recipients is exit 2 naming the first message.
 */
class GroupsAndTransportsIT {
  @TempDir Path tmp;
  private final List<String> databases = new ArrayList<>();

  @AfterEach
  void dropDatabases() {
    databases.forEach(PostgresServer.shared()::dropDatabase);
  }

  /** Builds a bin/queue (or, with {@link #processor}, bin/queue-processor) run on one store. */
  private interface Command {
    ProcessBuilder of(String... args);
  }

  private Command files() {
    Path dir = tmp.resolve("message_queue");
    return args -> Launchers.queue(dir, args);
  }

  private Command postgres() {
    String url = PostgresServer.shared().newDatabase();
    databases.add(url);
    return new OnPostgres(url, tmp.resolve("message_queue"))::queue;
  }

  @Test
  void aGroupIsFixedAtTheMomentOfTheSendOnFiles() {
    groupIsFixedAtTheMomentOfTheSend(files());
  }

  @Test
  void aGroupIsFixedAtTheMomentOfTheSendOnPostgres() {
    groupIsFixedAtTheMomentOfTheSend(postgres());
  }

  @Test
  void anUnknownOrEmptyGroupIsExit2WithNothingQueuedOnFiles() {
    unknownOrEmptyGroupIsRefused(files());
  }

  @Test
  void anUnknownOrEmptyGroupIsExit2WithNothingQueuedOnPostgres() {
    unknownOrEmptyGroupIsRefused(postgres());
  }

  @Test
  void anInboxAgentChangedToExecGetsItsPendingEntriesInOrderByExecOnFiles() throws Exception {
    inboxChangedToExec(files());
  }

  @Test
  void anInboxAgentChangedToExecGetsItsPendingEntriesInOrderByExecOnPostgres() throws Exception {
    inboxChangedToExec(postgres());
  }

  @Test
  void aRepeatedKeyWithAnotherBodyOrRecipientsIsExit2OnFiles() {
    repeatedKeyMismatch(files());
  }

  @Test
  void aRepeatedKeyWithAnotherBodyOrRecipientsIsExit2OnPostgres() {
    repeatedKeyMismatch(postgres());
  }

  private void groupIsFixedAtTheMomentOfTheSend(Command queue) {
    ok(queue, "agents", "add", "alice", "--group", "reviewers", "--pull");
    ok(queue, "agents", "add", "bob", "--pull");
    ok(queue, "agents", "set", "bob", "--group", "reviewers");

    JsonNode first = ok(queue, "send", "--to", "@reviewers", "--json", "first").json();
    ok(queue, "agents", "add", "carol", "--pull", "--group", "reviewers");
    JsonNode second = ok(queue, "send", "--to", "bob,@reviewers", "--json", "second").json();

    assertEquals(List.of("alice", "bob"), texts(first.get("recipients")));
    assertEquals(List.of("bob", "alice", "carol"), texts(second.get("recipients")));
    List<String> received = ok(queue, "receive", "carol", "--json").out().lines().toList();
    assertEquals(1, received.size(), "carol got nothing of the first: " + received);
    assertEquals("second", Json.mapper().readTree(received.get(0)).get("body").asString());
    JsonNode message =
        ok(queue, "status", "--json", "--message", first.get("messageId").asString()).json();
    assertEquals(2, message.get("message").get("recipients").size());
    JsonNode agents = ok(queue, "agents", "list", "--json").json().get("agents");
    assertEquals(List.of("reviewers"), texts(agents.get(2).get("groups")));
  }

  private void unknownOrEmptyGroupIsRefused(Command queue) {
    ok(queue, "agents", "add", "alice", "--pull", "--group", "ops");
    ok(queue, "agents", "set", "alice", "--ungroup", "ops");

    Launchers.Run unknown = Launchers.run(queue.of("send", "--to", "alice,@reviewers", "hi"));
    Launchers.Run empty = Launchers.run(queue.of("send", "--to", "@ops", "hi"));

    assertEquals(2, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("no agent is in group @reviewers"), unknown.err());
    assertEquals(2, empty.exit(), empty.toString());
    assertTrue(empty.err().contains("@ops"), empty.err());
    JsonNode status = ok(queue, "status", "--json").json();
    assertEquals(0, status.get("totals").get("pending").asInt(), "nothing was queued");
    assertEquals(0, ok(queue, "list", "--json").json().get("count").asInt());
  }

  private void inboxChangedToExec(Command queue) throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("deliveries"));
    Path agent = DeliveryLog.writeAgent(tmp);
    Path inbox = tmp.resolve("alice-inbox");
    ok(queue, "agents", "add", "alice", "--inbox", inbox.toString());
    List<String> queued = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ok(queue, "send", "--to", "alice", "message " + i);
    }
    for (JsonNode entry : ok(queue, "list", "--json").json().get("entries")) {
      queued.add(entry.get("id").asString());
    }

    JsonNode changed =
        ok(
                queue,
                "agents",
                "set",
                "alice",
                "--json",
                "--exec",
                agent.toString(),
                logs + "/alice.log")
            .json();
    assertEquals("exec", changed.get("transport").asString());
    Launchers.Run drained = Launchers.run(processor(queue, "--once"));
    assertEquals(0, drained.exit(), drained.toString());

    DeliveryLog seen = DeliveryLog.read(logs);
    List<String> delivered =
        seen.byRecipient().get("alice").stream().map(DeliveryLog.Delivery::entryId).toList();
    assertEquals(queued, delivered, "the 5 entries, by exec, in queue order");
    assertEquals(5, ok(queue, "status", "--json").json().get("totals").get("delivered").asInt());
    assertEquals(0, filesIn(inbox.resolve("new")), "nothing went to the old inbox");
  }

  private void repeatedKeyMismatch(Command queue) {
    ok(queue, "agents", "add", "alice", "--pull", "--group", "ops");
    ok(queue, "agents", "add", "bob", "--pull");
    String first =
        ok(queue, "send", "--to", "alice", "--idempotency-key", "k1", "--json", "deploy")
            .json()
            .get("messageId")
            .asString();

    JsonNode repeat =
        ok(queue, "send", "--to", "@ops", "--idempotency-key", "k1", "--json", "deploy").json();
    Launchers.Run body =
        Launchers.run(queue.of("send", "--to", "alice", "--idempotency-key", "k1", "other"));
    Launchers.Run recipients =
        Launchers.run(queue.of("send", "--to", "alice,bob", "--idempotency-key", "k1", "deploy"));

    assertEquals(first, repeat.get("messageId").asString());
    assertTrue(repeat.get("duplicate").asBoolean());
    assertEquals(2, body.exit(), body.toString());
    assertTrue(body.err().contains("used by message " + first + " with another body"), body.err());
    assertEquals(2, recipients.exit(), recipients.toString());
    assertTrue(recipients.err().contains(first), recipients.err());
    assertEquals(1, ok(queue, "list", "--json").json().get("count").asInt(), "nothing new queued");
  }

  // bin/queue-processor with the same store options as the bin/queue runs.
  private static ProcessBuilder processor(Command queue, String... args) {
    ProcessBuilder builder = queue.of(args);
    List<String> command = builder.command();
    command.set(0, Launchers.ROOT.resolve("bin/queue-processor").toString());
    return builder;
  }

  private static Launchers.Run ok(Command queue, String... args) {
    Launchers.Run run = Launchers.run(queue.of(args));
    if (run.exit() != 0) {
      throw new AssertionError("queue " + String.join(" ", args) + ": " + run);
    }
    return run;
  }

  private static long filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  private static List<String> texts(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }
}
