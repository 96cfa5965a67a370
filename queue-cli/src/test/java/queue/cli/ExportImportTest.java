package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * export writes one document; import loads it into an empty store, or refuses and writes nothing.
 */
class ExportImportTest {
  @TempDir Path tmp;

  private Cli sourceWithAQueue() {
    Cli source = Cli.onFiles(tmp.resolve("old"));
    source.run("agents", "add", "alice");
    source.run("agents", "add", "worker", "--pull", "--max-attempts", "2", "--group", "ops");
    source.run("agents", "pause", "alice");
    source.run("send", "--broadcast", "--idempotency-key", "k1", "hello");
    source.run("send", "--to", "worker", "second");
    return source;
  }

  @Test
  void exportIsOneJsonDocumentOfTheWholeState() {
    Cli.Result export = sourceWithAQueue().run("export", "--json");
    assertEquals(0, export.exit(), export.toString());
    assertEquals(1, export.out().lines().count(), "one document, one line");
    JsonNode document = export.json();
    assertEquals(1, document.get("version").asInt());
    assertEquals(2, document.get("agents").size());
    assertEquals(2, document.get("messages").size());
    assertEquals(3, document.get("entries").size());
  }

  @Test
  void importLoadsAnExportIntoAnEmptyStoreWithEverythingKept() throws Exception {
    Path file = tmp.resolve("export.json");
    Files.writeString(file, sourceWithAQueue().run("export").out());
    Cli target = Cli.onFiles(tmp.resolve("new"));

    Cli.Result imported = target.run("import", file.toString());
    assertEquals(0, imported.exit(), imported.toString());
    assertTrue(
        imported.out().startsWith("imported 2 agents, 2 messages and 3 entries into "),
        imported.out());

    JsonNode status = target.run("status", "--json").json();
    assertEquals(3, status.get("totals").get("pending").asInt());
    assertTrue(status.get("agents").get(0).get("paused").asBoolean());
    JsonNode settings =
        target.run("agents", "list", "--json").json().get("agents").get(1).get("settings");
    assertEquals(2, settings.get("maxAttempts").asInt());
    JsonNode again =
        target.run("send", "--broadcast", "--idempotency-key", "k1", "--json", "hello").json();
    assertTrue(again.get("duplicate").asBoolean(), "idempotency keys came along");
    JsonNode toGroup = target.run("send", "--to", "@ops", "--json", "to the group").json();
    assertEquals("[\"worker\"]", toGroup.get("recipients").toString(), "groups came along");
  }

  // A default inbox is found under the data directory: the export names it as the path it is, so
  // the agent keeps its inbox in the store it moves to.
  @Test
  void exportNamesADefaultInboxAsThePathItIs() {
    Cli source = Cli.onFiles(tmp.resolve("old"));
    source.run("agents", "add", "alice");
    source.run("agents", "add", "bob", "--inbox", "/srv/bob/in");

    JsonNode agents = source.run("export").json().get("agents");

    assertEquals(
        tmp.resolve("old").toAbsolutePath().resolve("inbox").resolve("alice").toString(),
        agents.get(0).get("target").get("inbox").asString());
    assertEquals("/srv/bob/in", agents.get(1).get("target").get("inbox").asString());
  }

  // Before targets, an export wrote each agent's transport fields beside its name, and its
  // settings in an object of their own.
  @Test
  void anExportWrittenBeforeTargetsImportsWithEveryAgentAsItWas() {
    Cli target = Cli.inMemory().stdin(EXPORT_BEFORE_TARGETS);

    Cli.Result imported = target.run("import", "-");

    assertEquals(0, imported.exit(), imported.toString());
    JsonNode agents = target.run("agents", "list", "--json").json().get("agents");
    assertEquals("/srv/alice/in", agents.get(0).get("target").asString());
    assertEquals("vm", agents.get(0).get("host").asString());
    assertEquals("https://example.org/hook", agents.get(1).get("target").asString());
    assertTrue(agents.get(1).get("paused").asBoolean());
    assertEquals(3, agents.get(1).get("settings").get("maxAttempts").asInt());
    assertEquals("5s", agents.get(1).get("settings").get("timeout").asString());
    assertEquals("X-Team", agents.get(1).get("settings").get("headers").get(0).asString());
    assertEquals("/bin/cat", agents.get(2).get("argv").get(0).asString());
    assertEquals("1500ms", agents.get(2).get("settings").get("timeout").asString());
    assertEquals("queue receive puller", agents.get(3).get("target").asString());
  }

  private static final String EXPORT_BEFORE_TARGETS =
      """
      {"version":1,"source":"/old","exportedAt":"2026-01-01T00:00:00Z","lastKey":0,
       "agents":[
        {"name":"alice","transport":"inbox","inbox":"/srv/alice/in",
         "registeredAt":"2026-01-01T00:00:00Z","host":"vm","paused":false,"settings":{}},
        {"name":"hook","transport":"http","url":"https://example.org/hook",
         "registeredAt":"2026-01-01T00:00:00Z","host":"vm","paused":true,
         "settings":{"maxAttempts":3,"timeout":"5s","headers":["X-Team: ops"]}},
        {"name":"runner","transport":"exec","exec":["/bin/cat","-u"],
         "registeredAt":"2026-01-01T00:00:00Z","host":"vm","paused":false,
         "settings":{"timeout":"1500ms"}},
        {"name":"puller","transport":"pull","registeredAt":"2026-01-01T00:00:00Z","host":"vm",
         "paused":false,"settings":{}}],
       "messages":[],"entries":[],"delivered":{},"lastDeliveredAt":{}}
      """;

  // Issue 19, defect 5: a document whose ids are later than its lastKey (here every id), imported
  // into a store whose clock is a day behind the one that took them.
  @Test
  void idsTakenAfterAnImportSortAfterEveryImportedIdWhateverTheDocumentsLastKey() throws Exception {
    ObjectNode document = (ObjectNode) sourceWithAQueue().run("export").json();
    document.put("lastKey", 0);
    Path file = Files.writeString(tmp.resolve("export.json"), document.toString());
    Cli target =
        Cli.onFiles(tmp.resolve("new")).clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)));
    assertEquals(0, target.run("import", file.toString()).exit());

    String next =
        target.run("send", "--to", "worker", "--json", "after").json().get("messageId").asString();

    List<String> imported = new ArrayList<>();
    document.get("messages").forEach(message -> imported.add(message.get("id").asString()));
    document.get("entries").forEach(entry -> imported.add(entry.get("id").asString()));
    for (String id : imported) {
      assertTrue(id.compareTo(next) < 0, id + " sorts before " + next);
    }
  }

  // Issue 19, defect 7: export never writes what import refuses. A file store whose agent was
  // removed behind its back (here an agents.json of before bob was registered, put back) keeps
  // bob's entries, which a processor fails; a document with them would be refused at the import.
  @Test
  void anExportThatAnImportWouldRefuseIsRefusedSayingWhatToDo() throws Exception {
    Path dir = tmp.resolve("old");
    Cli source = Cli.onFiles(dir);
    source.run("agents", "add", "alice");
    byte[] beforeBob = Files.readAllBytes(dir.resolve("agents.json"));
    source.run("agents", "add", "bob");
    assertEquals(0, source.run("send", "--to", "bob", "hello").exit());
    Files.write(dir.resolve("agents.json"), beforeBob);

    Cli.Result export = source.run("export");

    assertEquals(4, export.exit(), export.toString());
    assertEquals("", export.out());
    assertTrue(export.err().contains("for bob, who is not a registered agent"), export.err());
    assertTrue(export.err().contains("register bob again"), export.err());
  }

  @Test
  void importReadsStdinWithADash() {
    String document = sourceWithAQueue().run("export").out();
    Cli target = Cli.inMemory().stdin(document);
    JsonNode imported = target.run("import", "-", "--json").json();
    assertEquals(3, imported.get("entries").asInt());
  }

  @Test
  void importIntoAStoreThatIsNotEmptyIsRefusedWithNothingWritten() throws Exception {
    Path file = tmp.resolve("export.json");
    Files.writeString(file, sourceWithAQueue().run("export").out());
    Cli target = Cli.onFiles(tmp.resolve("busy"));
    target.run("agents", "add", "bob");
    Map<String, String> before = target.files();
    assertRefused(target.run("import", file.toString()), "not empty");
    assertEquals(before, target.files());
  }

  @Test
  void aFileThatIsNoExportIsRefusedBeforeAnyStoreIsCreated() throws Exception {
    Path target = tmp.resolve("never");
    Cli cli = Cli.onFiles(target);
    Files.writeString(tmp.resolve("bad.json"), "{\"version\": 1, \"agents\": [");
    Files.writeString(tmp.resolve("other.json"), "{\"hello\": 1}");
    Files.writeString(tmp.resolve("deep.json"), "[".repeat(100) + "]".repeat(100));
    for (String name : new String[] {"bad.json", "other.json", "deep.json"}) {
      Cli.Result result = cli.run("import", tmp.resolve(name).toString());
      assertEquals(2, result.exit(), name + ": " + result);
      assertTrue(result.err().contains("is not a queue export"), result.err());
      assertFalse(result.err().contains("queue.core."), "no internal class names: " + result);
      assertEquals(1, result.err().lines().count(), result.err());
    }
    assertRefused(cli.run("import", tmp.resolve("missing.json").toString()), "no such file");
    assertFalse(Files.exists(target), "nothing was created");
  }
}
