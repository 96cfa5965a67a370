package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AgentsCommandTest {
  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir);
  }

  @Test
  void addsInboxHttpAndExecAgentsAndListsThemAsJson() {
    Cli cli = cli();
    assertEquals(0, cli.run("agents", "add", "alice").exit());
    assertEquals(0, cli.run("agents", "add", "hook", "--url", "http://127.0.0.1:9/x").exit());
    Cli.Result exec =
        cli.run("agents", "add", "py", "--exec", "python3", "-u", "--", "-x", "--json");
    assertEquals(0, exec.exit(), exec.toString());

    JsonNode agents = cli.run("agents", "list", "--json").json().get("agents");
    assertEquals(3, agents.size());
    assertEquals("alice", agents.get(0).get("name").asString());
    assertEquals("inbox", agents.get(0).get("transport").asString());
    assertEquals("http", agents.get(1).get("transport").asString());
    assertEquals("http://127.0.0.1:9/x", agents.get(1).get("target").asString());
    assertEquals("exec", agents.get(2).get("transport").asString());
    assertEquals("python3 -u -x --json", agents.get(2).get("target").asString());
    assertTrue(agents.get(0).get("registeredAt").asString().endsWith("Z"));
  }

  @Test
  void execTakesArgumentsAfterDoubleDash() {
    Cli.Result added = cli().run("agents", "add", "t", "--exec", "--", "tool", "-v", "--json");
    assertEquals(0, added.exit(), added.toString());
    assertEquals(
        "tool -v --json",
        cli().run("agents", "list", "--json").json().get("agents").get(0).get("target").asString());
  }

  @Test
  void addJsonNamesTheAgent() {
    JsonNode json = cli().run("agents", "add", "alice", "--json").json();
    assertEquals("alice", json.get("name").asString());
    assertEquals("inbox", json.get("transport").asString());
  }

  @Test
  void listWithoutAgentsSaysHowToAddOne() {
    assertTrue(cli().run("agents", "list").out().contains("queue agents add NAME"));
  }

  @Test
  void badNamesAreRefusedWithoutWritingAnything() {
    Cli cli = cli();
    cli.run("agents", "add", "alice");
    Map<String, String> before = cli.files();
    for (String bad :
        new String[] {"../evil", "a/b", "a..b", "-x", ".hidden", "", "x".repeat(65)}) {
      Cli.Result result = cli.run("agents", "add", "--", bad);
      assertEquals(2, result.exit(), bad + ": " + result);
      assertTrue(result.err().contains("invalid agent name"), result.err());
    }
    assertEquals(before, cli.files());
  }

  @Test
  void nonHttpUrlIsRefused() {
    Cli cli = cli();
    cli.run("agents", "add", "alice");
    Map<String, String> before = cli.files();
    for (String url : new String[] {"ftp://host/x", "file:///etc/passwd", "not a url", "http://"}) {
      Cli.Result result = cli.run("agents", "add", "hook", "--url", url);
      assertEquals(2, result.exit(), result.toString());
      assertTrue(result.err().contains("invalid URL"), result.err());
    }
    assertEquals(before, cli.files());
  }

  @Test
  void twoTransportsOrADuplicateNameAreRefused() {
    Cli cli = cli();
    cli.run("agents", "add", "alice");
    Map<String, String> before = cli.files();
    Cli.Result both = cli.run("agents", "add", "bob", "--url", "http://h/", "--inbox", "/tmp/x");
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("choose one of --inbox, --url and --exec"), both.err());
    Cli.Result again = cli.run("agents", "add", "alice");
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("already registered"), again.err());
    assertEquals(before, cli.files());
  }

  @Test
  void removeIsRefusedWhileEntriesArePendingUnlessForced() {
    Cli cli = cli();
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "hello");
    Map<String, String> before = cli.files();

    Cli.Result refused = cli.run("agents", "remove", "alice");
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("--force"), refused.err());
    assertEquals(before, cli.files());

    JsonNode removed = cli.run("agents", "remove", "alice", "--force", "--json").json();
    assertTrue(removed.get("removed").asBoolean());
    assertEquals(1, removed.get("failedEntries").asInt());
    JsonNode failed = cli.run("list", "--state", "failed", "--json").json().get("entries");
    assertEquals("agent removed", failed.get(0).get("lastError").asString());
  }

  @Test
  void removingAnUnknownAgentIsBadInput() {
    Cli.Result result = cli().run("agents", "remove", "ghost");
    assertEquals(2, result.exit());
    assertTrue(result.err().contains("unknown agent ghost"), result.err());
  }
}
