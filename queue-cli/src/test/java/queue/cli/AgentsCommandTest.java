package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AgentsCommandTest {
  private final Cli cli = Cli.inMemory();

  @Test
  void addsInboxHttpExecAndPullAgentsAndListsThemAsJson() {
    assertEquals(0, cli.run("agents", "add", "alice").exit());
    assertEquals(0, cli.run("agents", "add", "hook", "--url", "http://127.0.0.1:9/x").exit());
    Cli.Result exec =
        cli.run("agents", "add", "py", "--exec", "python3", "-u", "--", "-x", "--json");
    assertEquals(0, exec.exit(), exec.toString());
    assertEquals(0, cli.run("agents", "add", "worker", "--pull").exit());

    JsonNode agents = cli.run("agents", "list", "--json").json().get("agents");
    assertEquals(4, agents.size());
    assertEquals("alice", agents.get(0).get("name").asString());
    assertEquals("inbox", agents.get(0).get("transport").asString());
    assertTrue(agents.get(0).get("target").asString().endsWith("inbox/alice"));
    assertEquals("http", agents.get(1).get("transport").asString());
    assertEquals("http://127.0.0.1:9/x", agents.get(1).get("target").asString());
    assertEquals("exec", agents.get(2).get("transport").asString());
    assertEquals("python3 -u -x --json", agents.get(2).get("target").asString());
    assertEquals(
        List.of("python3", "-u", "-x", "--json"),
        agents.get(2).get("argv").valueStream().map(JsonNode::asString).toList());
    assertEquals("pull", agents.get(3).get("transport").asString());
    assertTrue(agents.get(3).get("argv").isNull());
    assertFalse(agents.get(3).get("paused").asBoolean());
    assertTrue(agents.get(0).get("registeredAt").asString().endsWith("Z"));
  }

  @Test
  void execTakesArgumentsAfterDoubleDash() {
    Cli.Result added = cli.run("agents", "add", "t", "--exec", "--", "cat", "-v", "--json");
    assertEquals(0, added.exit(), added.toString());
    assertEquals(
        "cat -v --json",
        cli.run("agents", "list", "--json").json().get("agents").get(0).get("target").asString());
  }

  @Test
  void anExecArgvIsQuotedForTheTableAndKeptWholeInJson() {
    cli.run(
        "agents", "add", "py", "--exec", "python3", "-c", "import sys; print(sys.stdin.read())");
    String table = cli.run("agents", "list").out();
    assertTrue(table.contains("python3 -c 'import sys; print(sys.stdin.read())'"), table);
    JsonNode argv = cli.run("agents", "list", "--json").json().get("agents").get(0).get("argv");
    assertEquals("import sys; print(sys.stdin.read())", argv.get(2).asString());
  }

  @Test
  void anExecCommandThatIsNotThereIsRefusedAndNothingIsRegistered() {
    Cli.Result refused = cli.run("agents", "add", "w", "--exec", "/nonexistent/cmd");

    assertEquals(2, refused.exit(), refused.toString());
    assertEquals(
        "queue agents add: --exec /nonexistent/cmd: no such file; give a program that exists and"
            + " may be run (chmod +x)\n",
        refused.err());
    assertEquals(0, cli.run("agents", "list", "--json").json().get("agents").size());
  }

  @Test
  void aRelativeExecPathIsMadeAbsolute() {
    // The tests run in queue-cli/, below the checkout's bin/.
    assertEquals(0, cli.run("agents", "add", "job", "--exec", "../bin/queue", "arg").exit());
    String command =
        cli.run("agents", "list", "--json")
            .json()
            .get("agents")
            .get(0)
            .get("argv")
            .get(0)
            .asString();
    assertEquals(Path.of("../bin/queue").toAbsolutePath().normalize().toString(), command);
  }

  @Test
  void addJsonNamesTheAgent() {
    JsonNode json = cli.run("agents", "add", "alice", "--json").json();
    assertEquals("alice", json.get("name").asString());
    assertEquals("inbox", json.get("transport").asString());
  }

  @Test
  void listWithoutAgentsSaysHowToAddOne() {
    assertTrue(cli.run("agents", "list").out().contains("queue agents add NAME"));
  }

  @Test
  void settingsAreTakenAtRegistrationAndShownWithoutTheSecret(@TempDir Path tmp) throws Exception {
    Path secret = Files.writeString(tmp.resolve("hook.key"), "whsec_c2VjcmV0LXZhbHVlLTEyMw==");
    Cli.Result added =
        cli.run(
            "agents",
            "add",
            "hook",
            "--url",
            "https://example.org/hook",
            "--max-attempts",
            "3",
            "--timeout",
            "5s",
            "--secret-file",
            secret.toString(),
            "--header",
            "Authorization: Bearer token-123",
            "--header",
            "X-Team: ops");
    assertEquals(0, added.exit(), added.toString());
    assertFalse(added.out().contains("token-123"), added.out());

    Cli.Result json = cli.run("agents", "list", "--json");
    JsonNode settings = json.json().get("agents").get(0).get("settings");
    assertEquals(3, settings.get("maxAttempts").asInt());
    assertEquals("5s", settings.get("timeout").asString());
    assertEquals(secret.toString(), settings.get("secretFile").asString());
    assertEquals("Authorization", settings.get("headers").get(0).asString());
    String table = cli.run("agents", "list").out();
    assertTrue(table.contains("max-attempts 3; timeout 5s"), table);
    assertTrue(table.contains("headers Authorization, X-Team"), table);
    for (String out : List.of(json.out(), table, added.out())) {
      assertFalse(out.contains("c2VjcmV0"), "the secret is never printed: " + out);
      assertFalse(out.contains("token-123"), "header values are never printed: " + out);
    }
  }

  @Test
  void settingsThatDoNotApplyOrAreOutOfRangeAreRefusedWithNothingWritten(@TempDir Path tmp) {
    cli.run("agents", "add", "alice");
    Object before = cli.state();
    assertRefused(
        cli.run("agents", "add", "a", "--timeout", "5s"),
        "--timeout does not apply to an inbox agent");
    assertRefused(cli.run("agents", "add", "b", "--url", "http://h/", "--max-attempts", "0"), "");
    assertRefused(
        cli.run("agents", "add", "c", "--url", "http://h/", "--secret-file", tmp + "/none"),
        "is not a readable file");
    assertRefused(
        cli.run("agents", "add", "d", "--url", "http://h/", "--header", "no colon"),
        "invalid --header");
    assertRefused(
        cli.run("agents", "add", "e", "--header", "X: y", "--exec", "/bin/true"), "--header");
    assertRefused(cli.run("agents", "add", "f", "--pull", "--url", "http://h/"), "choose one");
    assertRefused(cli.run("agents", "add", "g", "--url", "http://h/", "--timeout", "0s"), "");
    assertEquals(before, cli.state());
  }

  @Test
  void pauseAndResumeShowInListAndStatus() {
    cli.run("agents", "add", "alice");
    Cli.Result paused = cli.run("agents", "pause", "alice");
    assertEquals(0, paused.exit(), paused.toString());
    assertTrue(paused.out().contains("queue agents resume alice"), paused.out());
    assertTrue(
        cli.run("agents", "list", "--json").json().get("agents").get(0).get("paused").asBoolean());
    assertTrue(cli.run("agents", "list").out().contains("paused"));
    assertTrue(cli.run("status", "--json").json().get("agents").get(0).get("paused").asBoolean());

    JsonNode resumed = cli.run("agents", "resume", "alice", "--json").json();
    assertFalse(resumed.get("paused").asBoolean());
    assertEquals(2, cli.run("agents", "pause", "nobody").exit());
  }

  @Test
  void setChangesOnlyTheSettingsGiven() {
    cli.run("agents", "add", "hook", "--url", "http://h/", "--max-attempts", "3");
    Cli.Result set = cli.run("agents", "set", "hook", "--timeout", "2s");
    assertEquals(0, set.exit(), set.toString());
    assertEquals("updated hook (http: http://h/); max-attempts 3; timeout 2s\n", set.out());
    JsonNode settings = cli.run("agents", "set", "hook", "--header", "X-A: 1", "--json").json();
    assertEquals("X-A", settings.get("settings").get("headers").get(0).asString());

    Object before = cli.state();
    assertRefused(cli.run("agents", "set", "hook"), "nothing to change");
    assertRefused(cli.run("agents", "set", "ghost", "--max-attempts", "2"), "unknown agent ghost");
    assertRefused(cli.run("agents", "set", "hook", "--max-attempts", "-1"), "--max-attempts");
    assertEquals(before, cli.state());
  }

  @Test
  void badNamesAreRefusedWithoutWritingAnything() {
    cli.run("agents", "add", "alice");
    Object before = cli.state();
    for (String bad :
        new String[] {"../evil", "a/b", "a..b", "-x", ".hidden", "", "x".repeat(65)}) {
      Cli.Result result = cli.run("agents", "add", "--", bad);
      assertEquals(2, result.exit(), bad + ": " + result);
      assertTrue(result.err().contains("invalid agent name"), result.err());
    }
    assertEquals(before, cli.state());
  }

  @Test
  void nonHttpUrlIsRefused() {
    cli.run("agents", "add", "alice");
    Object before = cli.state();
    for (String url : new String[] {"ftp://host/x", "file:///etc/passwd", "not a url", "http://"}) {
      assertRefused(cli.run("agents", "add", "hook", "--url", url), "invalid URL");
    }
    assertEquals(before, cli.state());
  }

  @Test
  void twoTransportsOrADuplicateNameAreRefused() {
    cli.run("agents", "add", "alice");
    Object before = cli.state();
    assertRefused(
        cli.run("agents", "add", "bob", "--url", "http://h/", "--inbox", "/tmp/x"),
        "choose one of --inbox, --url, --exec and --pull");
    assertRefused(cli.run("agents", "add", "alice"), "already registered");
    assertEquals(before, cli.state());
  }

  @Test
  void removeIsRefusedWhileEntriesArePendingUnlessForced() {
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "hello");
    Object before = cli.state();

    Cli.Result refused = cli.run("agents", "remove", "alice");
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("--force"), refused.err());
    assertEquals(before, cli.state());

    Cli.Result removed = cli.run("agents", "remove", "alice", "--force");
    assertEquals("removed alice (1 unfinished entry marked FAILED)\n", removed.out());
    JsonNode failed = cli.run("list", "--state", "failed", "--json").json().get("entries");
    assertEquals("agent removed", failed.get(0).get("lastError").asString());
  }

  @Test
  void removeJsonCountsTheFailedEntries() {
    cli.run("agents", "add", "alice");
    JsonNode removed = cli.run("agents", "remove", "alice", "--force", "--json").json();
    assertTrue(removed.get("removed").asBoolean());
    assertEquals(0, removed.get("failedEntries").asInt());
  }

  @Test
  void removingAnUnknownAgentIsBadInput() {
    assertRefused(cli.run("agents", "remove", "ghost"), "unknown agent ghost");
  }

  static void assertRefused(Cli.Result result, String problem) {
    assertEquals(2, result.exit(), result.toString());
    assertEquals("", result.out(), result.toString());
    assertTrue(result.err().contains(problem), problem + " not in: " + result.err());
    assertEquals(1, result.err().lines().count(), "one line: " + result.err());
  }
}
