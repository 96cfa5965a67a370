package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.store.FileStore;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an adversarial user feeds the real launchers, on both stores: an id that would lead an inbox
 * file out of its directory, a NUL in a body, a time no store keeps. Each is refused with the same
 * exit code on both stores, nothing is written outside the data directory, and nothing is ever an
 * "unexpected error".
 */
class HostileInputIT {
  @TempDir Path tmp;

  /** Where a file written through a traversing id would land. */
  private Path outside() {
    return tmp.resolve("adv");
  }

  /**
   * An entry id that climbs from {@code inbox/NAME/new/} to the root and down to {@link #outside}.
   */
  private String traversingId() {
    return "../".repeat(40) + outside().toString().substring(1) + "/PWNED";
  }

  /** One store behind the launchers, and how to damage what it holds from behind its back. */
  abstract class OnAStore {
    abstract ProcessBuilder queue(String... args);

    abstract ProcessBuilder processor(String... args);

    /** Changes the first entry's id in the stored state, as a hand edit or a rogue client would. */
    abstract void storeEntryId(String id) throws Exception;

    /** Changes the first entry's due time in the stored state. */
    abstract void storeDueTime(String time) throws Exception;

    /** Asserts that the store holds nothing: no data directory, no schema. */
    abstract void assertUntouched() throws Exception;

    /** Sets a field of an agent's target in the stored state, as a hand edit would. */
    abstract void storeTargetField(String agent, String field, JsonNode value) throws Exception;

    Launchers.Run run(String... args) {
      return Launchers.run(queue(args));
    }

    Launchers.Run runWithStdin(byte[] stdin, String... args) throws IOException {
      Path input = Files.write(tmp.resolve("stdin-" + System.nanoTime()), stdin);
      return Launchers.run(queue(args).redirectInput(input.toFile()));
    }

    Launchers.Run processorOnce() {
      return Launchers.run(processor("--once"));
    }

    void assertExit(int exit, Launchers.Run run) {
      assertEquals(exit, run.exit(), run.toString());
      assertFalse(run.err().contains("unexpected error"), run.toString());
      assertTrue(run.err().lines().count() <= 1, "one line: " + run);
    }

    void assertNothingOutside() throws IOException {
      assertFalse(Files.exists(outside()), "written outside: " + listing(outside()));
    }

    @Test
    void anImportedEntryIdThatClimbsOutOfTheInboxIsRefused() throws Exception {
      Path document = tmp.resolve("export.json");
      Files.writeString(document, exportWithFirstEntryId(traversingId()));

      Launchers.Run imported = run("import", document.toString());

      assertExit(2, imported);
      assertTrue(imported.err().contains("entry id '../../"), imported.toString());
      assertTrue(imported.err().contains("nothing was imported"), imported.toString());
      assertFalse(run("list").out().contains("attacker"), "nothing was imported");
      processorOnce();
      assertNothingOutside();
    }

    @Test
    void aStoredEntryIdThatClimbsOutOfTheInboxIsRefusedAsCorruptState() throws Exception {
      assertExit(0, run("agents", "add", "alice"));
      assertExit(0, run("send", "--to", "alice", "the attacker's body"));
      storeEntryId(traversingId());

      Launchers.Run list = run("list");
      Launchers.Run once = processorOnce();

      assertExit(4, list);
      assertTrue(
          list.err().contains("invalid id") || list.err().contains("is not an id"), list.err());
      assertFalse(once.exit() == 0, once.toString());
      assertFalse(once.err().contains("unexpected error"), once.toString());
      assertNothingOutside();
    }

    @Test
    void aNulInABodyIsRefusedAtTheSendSayingWhy() throws Exception {
      assertExit(0, run("agents", "add", "alice"));

      Launchers.Run sent =
          runWithStdin(
              "before\0after".getBytes(StandardCharsets.UTF_8), "send", "--to", "alice", "-");

      assertExit(2, sent);
      assertTrue(sent.err().contains("NUL character (U+0000) at position 7"), sent.toString());
      assertEquals(0, status().get("totals").get("pending").asInt(), "nothing queued");
    }

    @Test
    void aTimeNoStoreKeepsIsRefusedAtTheSendAndTheLastOneKeptIsListed() {
      assertExit(0, run("agents", "add", "alice"));

      Launchers.Run farAt = run("send", "--to", "alice", "--at", "+999999999-12-31T23:59:59Z", "x");
      Launchers.Run longTtl = run("send", "--to", "alice", "--ttl", "999999999999d", "x");
      Launchers.Run longDelay = run("send", "--to", "alice", "--delay", "36501d", "x");
      Launchers.Run last = run("send", "--to", "alice", "--at", "9999-12-31T23:59:59Z", "last");

      assertExit(2, farAt);
      assertTrue(farAt.err().contains("outside the times the queue keeps"), farAt.toString());
      assertExit(2, longTtl);
      assertTrue(longTtl.err().contains("the longest is 36500d"), longTtl.toString());
      assertExit(2, longDelay);
      assertExit(0, last);
      Launchers.Run list = run("list");
      assertExit(0, list);
      assertTrue(list.out().contains("last"), list.toString());
      assertExit(0, run("list", "--json"));
      assertExit(0, run("status"));
    }

    @Test
    void aStoredTimeNoStoreKeepsIsCorruptStateNotAnUnexpectedError() throws Exception {
      assertExit(0, run("agents", "add", "alice"));
      assertExit(0, run("send", "--to", "alice", "x"));
      storeDueTime("+200000-01-01T00:00:00Z");

      for (String command : List.of("list", "export")) {
        Launchers.Run run = run(command);
        assertExit(4, run);
        assertTrue(run.err().contains("+200000-01-01T00:00:00Z"), run.toString());
      }
      assertFalse(run("status").err().contains("unexpected error"));
    }

    @Test
    void aHeaderThatWouldLeakOrBreakEveryDeliveryIsRefusedAtRegistrationNamingItNeverItsValue() {
      for (String header :
          List.of(
              "Authorization: Bearer TOKEN-s3cr3t\u0001",
              "Authorization: Bearer TOKEN-s3cr3t\u007f",
              "Host: elsewhere.example",
              "Content-Length: 12")) {
        Launchers.Run added =
            run("agents", "add", "hook", "--url", "http://127.0.0.1:9/in", "--header", header);

        assertExit(2, added);
        String name = header.substring(0, header.indexOf(':'));
        assertTrue(added.err().contains("header " + name), added.toString());
        assertFalse(added.err().contains("s3cr3t"), added.toString());
        assertFalse(added.err().contains("elsewhere"), added.toString());
      }
      assertFalse(run("agents", "list").out().contains("hook"), "nothing registered");
    }

    @Test
    void aUrlWithCredentialsIsRefusedSayingHowToSendThemWithoutShowingThem() {
      Launchers.Run added =
          run("agents", "add", "hook", "--url", "http://user:pa55word@127.0.0.1:9/in");

      assertExit(2, added);
      assertFalse(added.err().contains("pa55word"), added.toString());
      assertTrue(added.err().contains("http://***@127.0.0.1:9/in"), added.toString());
      assertTrue(added.err().contains("--header 'Authorization:"), added.toString());
      assertFalse(run("agents", "list").out().contains("hook"), "nothing registered");
    }

    @Test
    void aStoredUrlPasswordOrHeaderValueNeverReachesAnyOutput() throws Exception {
      int closedPort;
      try (java.net.ServerSocket socket =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        closedPort = socket.getLocalPort();
      }
      String url = "http://127.0.0.1:" + closedPort + "/in";
      assertExit(0, run("agents", "add", "keyed", "--url", url, "--header", "X-Key: fine"));
      assertExit(0, run("agents", "add", "broken", "--url", url, "--header", "X-Key: fine"));
      storeTargetField(
          "keyed",
          "url",
          Json.mapper()
              .getNodeFactory()
              .stringNode("http://user:pa55word@127.0.0.1:" + closedPort + "/in"));
      storeTargetField(
          "broken",
          "headers",
          Json.mapper()
              .getNodeFactory()
              .arrayNode()
              .add("Authorization: Bearer TOKEN-s3cr3t\u0001"));
      assertExit(0, run("send", "--broadcast", "hello"));

      Launchers.Run once = processorOnce();
      List<Launchers.Run> outputs =
          List.of(
              once,
              run("agents", "list"),
              run("agents", "list", "--json"),
              run("list"),
              run("list", "--json"),
              run("status", "--json"));

      for (Launchers.Run output : outputs) {
        String all = output.out() + output.err();
        assertFalse(all.contains("pa55word"), output.toString());
        assertFalse(all.contains("user:"), output.toString());
        assertFalse(all.contains("s3cr3t"), output.toString());
      }
      String entries = run("list", "--json").out();
      assertTrue(entries.contains("***@127.0.0.1"), entries);
      assertTrue(entries.contains("header Authorization"), entries);
      assertTrue(run("agents", "list").out().contains("http://***@127.0.0.1"));
    }

    @Test
    void anImportThatBreaksARuleOfTheStateIsRefusedAndCreatesNothing() throws Exception {
      Path source = tmp.resolve("source");
      assertExit(0, Launchers.run(source, "agents", "add", "alice"));
      assertExit(0, Launchers.run(source, "agents", "add", "hook", "--url", "http://127.0.0.1:9/"));
      assertExit(0, Launchers.run(source, "send", "--to", "alice", "--idempotency-key", "k", "a"));
      assertExit(0, Launchers.run(source, "send", "--to", "alice", "--idempotency-key", "j", "b"));
      JsonNode good = Launchers.run(source, "export").json();
      List<java.util.function.Consumer<ObjectNode>> breaks =
          List.of(
              tree -> ((ObjectNode) tree.get("messages").get(1)).put("idempotencyKey", "k"),
              tree -> ((ObjectNode) tree.get("messages").get(0)).put("body", ""),
              tree -> ((ObjectNode) tree.get("entries").get(0)).put("recipient", "nobody"),
              tree -> ((ArrayNode) tree.get("agents")).remove(0));

      for (var breakIt : breaks) {
        ObjectNode document = (ObjectNode) good.deepCopy();
        breakIt.accept(document);
        Path file = Files.writeString(tmp.resolve("broken.json"), document.toString());
        Launchers.Run imported = run("import", file.toString());

        assertExit(2, imported);
        assertTrue(imported.err().contains("nothing was imported"), imported.toString());
        assertUntouched();
      }
    }

    /** A real export of a queue of one entry, its entry id replaced. */
    private String exportWithFirstEntryId(String id) throws IOException {
      Path source = tmp.resolve("source");
      assertExit(0, Launchers.run(source, "agents", "add", "alice"));
      assertExit(0, Launchers.run(source, "send", "--to", "alice", "the attacker's body"));
      JsonNode document = Launchers.run(source, "export").json();
      ((ObjectNode) document.get("entries").get(0)).put("id", id);
      return document.toString();
    }

    private JsonNode status() {
      Launchers.Run status = run("status", "--json");
      assertExit(0, status);
      return status.json();
    }
  }

  @Nested
  class OnFiles extends OnAStore {
    private Path dir() {
      return tmp.resolve("message_queue");
    }

    @Override
    ProcessBuilder queue(String... args) {
      return Launchers.queue(dir(), args);
    }

    @Override
    ProcessBuilder processor(String... args) {
      ProcessBuilder builder = Launchers.command("bin/queue-processor", "--dir", dir().toString());
      builder.command().addAll(List.of(args));
      return builder;
    }

    @Override
    void storeEntryId(String id) throws IOException {
      editFirstEntry(entry -> entry.put("id", id));
    }

    @Override
    void storeDueTime(String time) throws IOException {
      editFirstEntry(entry -> entry.put("nextAttemptAt", time));
    }

    @Override
    void assertUntouched() {
      assertFalse(Files.exists(dir()), "the data directory was created");
    }

    @Override
    void storeTargetField(String agent, String field, JsonNode value) throws IOException {
      Path file = dir().resolve("agents.json");
      JsonNode agents = Json.mapper().readTree(Files.readAllBytes(file));
      for (JsonNode each : agents.get("agents")) {
        if (each.get("name").asString().equals(agent)) {
          ((ObjectNode) each.get("target")).set(field, value);
        }
      }
      Files.writeString(file, agents.toString());
    }

    // queue.json holds the entry once the journal is folded into it, as a processor's stop does.
    private void editFirstEntry(java.util.function.Consumer<ObjectNode> change) throws IOException {
      try (QueueStore store =
          FileStore.open(dir(), OpenOptions.defaults(java.time.Clock.systemUTC()))) {
        store.upkeep().checkpoint();
      }
      Path file = dir().resolve("queue.json");
      JsonNode state = Json.mapper().readTree(Files.readAllBytes(file));
      change.accept((ObjectNode) state.get("entries").get(0));
      Files.writeString(file, state.toString());
    }

    @Test
    void aRefusedImportOfAnEscapingIdLeavesNoInboxFileAnywhere() throws Exception {
      anImportedEntryIdThatClimbsOutOfTheInboxIsRefused();

      try (Stream<Path> files = Files.exists(dir()) ? Files.walk(dir()) : Stream.empty()) {
        assertEquals(List.of(), files.filter(f -> f.toString().endsWith("PWNED.json")).toList());
      }
    }
  }

  @Nested
  class OnPostgreSql extends OnAStore {
    private String url;

    @BeforeEach
    void aNewDatabase() {
      url = PostgresServer.shared().newDatabase();
    }

    @AfterEach
    void dropIt() {
      PostgresServer.shared().dropDatabase(url);
    }

    private ProcessBuilder onThisHost(ProcessBuilder builder, String... args) {
      builder.command().addAll(List.of(args));
      builder.environment().put("QUEUE_DIR", tmp.resolve("home").toString());
      builder.environment().remove("QUEUE_STORE");
      return builder;
    }

    @Override
    ProcessBuilder queue(String... args) {
      return onThisHost(Launchers.command("bin/queue", "--store", url), args);
    }

    @Override
    ProcessBuilder processor(String... args) {
      return onThisHost(Launchers.command("bin/queue-processor", "--store", url), args);
    }

    @Override
    void storeEntryId(String id) throws SQLException {
      execute("UPDATE queue_entries SET id = '" + id.replace("'", "''") + "'");
    }

    @Override
    void storeDueTime(String time) throws SQLException {
      String postgres = time.startsWith("+") ? time.substring(1) : time;
      execute("UPDATE queue_entries SET next_attempt_at = '" + postgres + "'");
    }

    @Override
    void assertUntouched() throws SQLException {
      try (Connection connection = PostgresServer.shared().connect(url);
          Statement statement = connection.createStatement();
          java.sql.ResultSet tables =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'queue\\_%'")) {
        tables.next();
        assertEquals(0, tables.getInt(1), "the schema was created");
      }
    }

    @Override
    void storeTargetField(String agent, String field, JsonNode value) throws SQLException {
      try (Connection connection = PostgresServer.shared().connect(url);
          java.sql.PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE queue_agents SET target = jsonb_set(target, ?::text[], ?::jsonb)"
                      + " WHERE name = ?")) {
        update.setString(1, "{" + field + "}");
        update.setString(2, value.toString());
        update.setString(3, agent);
        assertEquals(1, update.executeUpdate());
      }
    }

    private void execute(String sql) throws SQLException {
      try (Connection connection = PostgresServer.shared().connect(url);
          Statement statement = connection.createStatement()) {
        assertEquals(1, statement.executeUpdate(sql), sql);
      }
    }
  }

  private static String listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return "nothing";
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.toList().toString();
    }
  }
}
