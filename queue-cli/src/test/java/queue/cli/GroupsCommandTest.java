package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Groups through the command line: agents add|set --group/--ungroup, send --to @GROUP. */
class GroupsCommandTest {
  private final Cli cli = Cli.inMemory();

  @Test
  void addTakesGroupsAndListShowsThemSortedInTheTableAndAsJson() {
    Cli.Result added =
        cli.run("agents", "add", "alice", "--group", "reviewers", "--group", "@ops", "--pull");
    cli.run("agents", "add", "bob");

    assertEquals(0, added.exit(), added.toString());
    assertEquals(
        "registered alice (pull: queue receive alice); groups ops, reviewers\n", added.out());
    JsonNode agents = cli.run("agents", "list", "--json").json().get("agents");
    assertEquals(List.of("ops", "reviewers"), texts(agents.get(0).get("groups")));
    assertEquals(List.of(), texts(agents.get(1).get("groups")));
    String table = cli.run("agents", "list").out();
    assertTrue(table.lines().findFirst().orElseThrow().contains("GROUPS"), table);
    assertTrue(table.contains(" ops,reviewers "), table);
    JsonNode status = cli.run("status", "--json").json().get("agents");
    assertEquals(List.of("ops", "reviewers"), texts(status.get(0).get("groups")));
    assertEquals(List.of(), texts(status.get(1).get("groups")));
  }

  @Test
  void setJoinsAndLeavesGroupsAndKeepsTheRest() {
    cli.run("agents", "add", "alice", "--group", "ops", "--max-attempts", "3");

    Cli.Result set =
        cli.run("agents", "set", "alice", "--group", "reviewers", "--ungroup", "ops", "--json");

    assertEquals(0, set.exit(), set.toString());
    assertEquals(List.of("reviewers"), texts(set.json().get("groups")));
    assertEquals(3, set.json().get("settings").get("maxAttempts").asInt());
    Cli.Result text = cli.run("agents", "set", "alice", "--ungroup", "reviewers");
    assertTrue(text.out().startsWith("updated alice (inbox: "), text.out());
    assertTrue(text.out().endsWith("; max-attempts 3\n"), text.out());
  }

  @Test
  void badGroupNamesAndContradictionsAreRefusedAndChangeNothing() {
    cli.run("agents", "add", "alice");
    Object before = cli.state();

    assertRefused(cli.run("agents", "add", "bob", "--group", "a/b"), "invalid group name 'a/b'");
    assertRefused(cli.run("agents", "set", "alice", "--group", ".."), "invalid group name '..'");
    assertRefused(cli.run("agents", "set", "alice", "--group", "@"), "invalid group name ''");
    assertRefused(
        cli.run("agents", "set", "alice", "--group", "ops", "--ungroup", "@ops"),
        "--group ops and --ungroup ops contradict each other");
    assertRefused(cli.run("send", "--to", "@a b", "hi"), "invalid group name 'a b'");
    assertRefused(cli.run("send", "--to", "al@ice", "hi"), "invalid agent name 'al@ice'");
    assertEquals(before, cli.state());
  }

  @Test
  void anAtArgumentIsAGroupEvenWhenAFileHasItsName(@TempDir Path dir) throws IOException {
    cli.run("agents", "add", "alice", "--group", "reviewers");
    // picocli's @FILE expansion would read this file's lines as more arguments (a directory of
    // that name would end in a stack trace), so `--to @reviewers` would depend on the directory.
    String file = Files.writeString(dir.resolve("reviewers"), "--broadcast\n").toString();
    Object before = cli.state();

    assertRefused(cli.run("send", "--to", "@" + file, "hi"), "invalid group name '" + file + "'");
    assertRefused(
        cli.run("agents", "set", "alice", "--group", "@" + file),
        "invalid group name '" + file + "'");
    assertEquals(before, cli.state());
  }

  @Test
  void sendToAGroupReachesItsMembersOnceEach() {
    cli.run("agents", "add", "alice", "--group", "reviewers");
    cli.run("agents", "add", "bob");
    cli.run("agents", "add", "carol", "--group", "reviewers");

    JsonNode sent = cli.run("send", "--to", "carol,@reviewers,bob", "--json", "review").json();

    assertEquals(List.of("carol", "alice", "bob"), texts(sent.get("recipients")));
    assertEquals(3, sent.get("queued").asInt());
    String text = cli.run("send", "--to", "@reviewers", "again").out();
    assertTrue(text.contains("queued for 2/2 agents"), text);
  }

  @Test
  void unknownOrEmptyGroupIsExit2AndQueuesNothing() {
    cli.run("agents", "add", "alice", "--group", "ops");
    cli.run("agents", "set", "alice", "--ungroup", "ops");
    Object before = cli.state();

    Cli.Result unknown = cli.run("send", "--to", "alice,@reviewers", "hi");
    Cli.Result empty = cli.run("send", "--to", "@ops", "hi");

    assertEquals(
        "queue send: no agent is in group @reviewers: nothing was queued; add one with 'queue"
            + " agents set NAME --group reviewers', see 'queue agents list'\n",
        unknown.err());
    assertRefused(unknown, "@reviewers");
    assertRefused(empty, "@ops");
    assertEquals(before, cli.state());
  }

  private static void assertRefused(Cli.Result result, String naming) {
    assertEquals(2, result.exit(), result.toString());
    assertTrue(result.err().contains(naming), result.err());
    assertEquals("", result.out());
  }

  private static List<String> texts(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }
}
