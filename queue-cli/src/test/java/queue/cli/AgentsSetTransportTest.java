package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code queue agents set NAME --inbox DIR | --url URL | --exec CMD [ARG...] | --pull}. */
class AgentsSetTransportTest {
  @TempDir Path tmp;
  private final Cli cli = Cli.inMemory();

  @Test
  void anInboxAgentMovesToExecKeepingItsEntriesGroupsAndPause() {
    cli.run("agents", "add", "alice", "--group", "ops", "--max-attempts", "4");
    cli.run("agents", "pause", "alice");
    cli.run("send", "--to", "alice", "one");
    cli.run("send", "--to", "alice", "two");
    JsonNode before = cli.run("list", "--json").json();

    Cli.Result set =
        cli.run("agents", "set", "alice", "--timeout", "5s", "--exec", "/bin/cat", "-u", "--json");

    assertEquals(0, set.exit(), set.toString());
    JsonNode agent = set.json();
    assertEquals("exec", agent.get("transport").asString());
    assertEquals("/bin/cat -u", agent.get("target").asString());
    assertEquals("5s", agent.get("settings").get("timeout").asString());
    assertEquals(4, agent.get("settings").get("maxAttempts").asInt());
    assertTrue(agent.get("paused").asBoolean());
    assertEquals("ops", agent.get("groups").get(0).asString());
    assertEquals(before, cli.run("list", "--json").json(), "the entries are as they were");
  }

  @Test
  void settingsThatDoNotApplyToTheNewTransportAreDropped() {
    cli.run(
        "agents",
        "add",
        "hook",
        "--url",
        "http://127.0.0.1:9/",
        "--timeout",
        "2s",
        "--header",
        "X-A: b");

    Cli.Result set = cli.run("agents", "set", "hook", "--inbox", tmp.resolve("hook").toString());

    assertEquals(0, set.exit(), set.toString());
    assertEquals("updated hook (inbox: " + tmp.resolve("hook") + ")\n", set.out());
    JsonNode agent = cli.run("agents", "list", "--json").json().get("agents").get(0);
    JsonNode settings = agent.get("settings");
    assertTrue(settings.get("timeout").isNull(), agent.toString());
    assertEquals(0, settings.get("headers").size(), agent.toString());
  }

  @Test
  void aPullAgentMovesToAUrlAndBack() {
    cli.run("agents", "add", "worker", "--pull");

    Cli.Result toUrl = cli.run("agents", "set", "worker", "--url", "https://127.0.0.1/in");
    Cli.Result back = cli.run("agents", "set", "worker", "--pull");

    assertEquals("updated worker (http: https://127.0.0.1/in)\n", toUrl.out());
    assertEquals("updated worker (pull: queue receive worker)\n", back.out());
  }

  @Test
  void aChangeIsCheckedAsARegistrationIsAndRefusedWholeChangingNothing() {
    cli.run("agents", "add", "alice");
    Object before = cli.state();

    for (List<String> args :
        List.of(
            List.of("--url", "ftp://example.org/x"),
            List.of("--pull", "--url", "http://127.0.0.1/"),
            List.of("--exec"),
            List.of("--timeout", "5s", "--pull"),
            List.of("--header", "X-A: b", "--exec", "/bin/cat"),
            List.of("--group", "ok", "--url", "not a url"))) {
      List<String> command = new ArrayList<>(List.of("agents", "set", "alice"));
      command.addAll(args);
      Cli.Result refused = cli.run(command.toArray(new String[0]));
      assertEquals(2, refused.exit(), args + ": " + refused);
      assertEquals("", refused.out(), args.toString());
    }
    Cli.Result ghost = cli.run("agents", "set", "ghost", "--pull");
    assertEquals(2, ghost.exit(), ghost.toString());
    assertTrue(ghost.err().contains("unknown agent ghost"), ghost.err());
    assertEquals(before, cli.state());
  }
}
