package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SendCommandTest {
  private final Cli cli = Cli.inMemory();

  @BeforeEach
  void registerAgents() {
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "bob");
  }

  @Test
  void printsTheMessageIdAndHowManyAgentsItWasQueuedFor() {
    Cli.Result result = cli.run("send", "--broadcast", "deploy at 17:00");
    assertEquals(0, result.exit(), result.toString());
    String[] lines = result.out().split("\n");
    assertTrue(lines[0].matches("[0-9a-z]{8}"), result.out());
    assertEquals("queued for 2/2 agents", lines[1]);
  }

  @Test
  void jsonHasMessageIdQueuedAndRecipients() {
    JsonNode json = cli.run("send", "--to", "bob,alice", "--json", "hi").json();
    assertEquals(2, json.get("queued").asInt());
    assertEquals("bob", json.get("recipients").get(0).asString());
    assertEquals("alice", json.get("recipients").get(1).asString());
    assertFalse(json.get("duplicate").asBoolean());
    assertFalse(json.has("delivered"), "no wait counts without --wait");
    assertFalse(json.has("notBefore"), "due at once");
    String id = json.get("messageId").asString();
    JsonNode status = cli.run("status", "--message", id, "--json").json();
    assertEquals(id, status.get("message").get("messageId").asString());
    assertEquals("tester", status.get("message").get("sender").asString());
  }

  @Test
  void warnsOnStderrWhenNoProcessorRuns() {
    Cli.Result result = cli.run("send", "--to", "alice", "--json", "hi");
    assertTrue(result.err().contains("no queue-processor is running"), result.err());
    result.json();
  }

  @Test
  void aSendOnlyToPullAgentsNeedsNoProcessorAndGetsNoWarning() {
    cli.run("agents", "add", "puller", "--pull");
    Cli.Result pulled = cli.run("send", "--to", "puller", "hi");
    assertEquals(0, pulled.exit(), pulled.err());
    assertEquals("", pulled.err());
    Cli.Result mixed = cli.run("send", "--to", "puller,alice", "hi");
    assertTrue(mixed.err().contains("no queue-processor is running"), mixed.err());
  }

  @Test
  void repeatedIdempotencyKeyAnswersWithTheFirstMessage() {
    JsonNode first =
        cli.run("send", "--to", "alice", "--idempotency-key", "k1", "--json", "a").json();
    Object before = cli.state();
    JsonNode second =
        cli.run("send", "--to", "alice", "--idempotency-key", "k1", "--json", "a").json();
    assertEquals(first.get("messageId"), second.get("messageId"));
    assertTrue(second.get("duplicate").asBoolean());
    assertEquals(before, cli.state());
    String text = cli.run("send", "--to", "alice", "--idempotency-key", "k1", "a").out();
    assertTrue(text.contains("nothing new queued"), text);
  }

  @Test
  void repeatedIdempotencyKeyWithAnotherBodyOrOtherRecipientsIsExit2NamingTheFirstMessage() {
    cli.run("agents", "add", "bob");
    String first =
        cli.run("send", "--to", "alice", "--idempotency-key", "k1", "--json", "a")
            .json()
            .get("messageId")
            .asString();
    Object before = cli.state();

    Cli.Result body = cli.run("send", "--to", "alice", "--idempotency-key", "k1", "b");
    Cli.Result recipients = cli.run("send", "--to", "alice,bob", "--idempotency-key", "k1", "a");

    assertEquals(2, body.exit(), body.toString());
    assertEquals(
        "queue send: idempotency key 'k1' was used by message "
            + first
            + " with another body: nothing was queued; repeat that send exactly, or use a new"
            + " key\n",
        body.err());
    assertEquals(2, recipients.exit(), recipients.toString());
    assertTrue(
        recipients.err().contains(first + " for other recipients (alice)"), recipients.err());
    assertEquals(before, cli.state());
  }

  @Test
  void bodyComesFromStdinWithDashOrWhenAbsent() {
    cli.stdin("from stdin\n");
    JsonNode json = cli.run("send", "--to", "alice", "--json", "-").json();
    JsonNode entries = cli.run("list", "--json").json().get("entries");
    assertEquals("from stdin\n", entries.get(0).get("body").asString());
    assertEquals(json.get("messageId"), entries.get(0).get("messageId"));

    cli.stdin("piped ✓");
    assertEquals(0, cli.run("send", "--to", "alice").exit());
    assertEquals(
        "piped ✓", cli.run("list", "--json").json().get("entries").get(1).get("body").asString());
  }

  @Test
  void badInputIsRefusedWithExit2AndNothingWritten() {
    cli.run("send", "--to", "alice", "first");
    Object before = cli.state();
    assertRefused(cli.run("send", "--to", "carol", "x"), "unknown recipient carol");
    assertRefused(cli.run("send", "--to", "alice,carol", "x"), "unknown recipient carol");
    assertRefused(cli.run("send", "--to", "alice", "--broadcast", "x"), "cannot be used together");
    assertRefused(cli.run("send", "x"), "no recipient");
    assertRefused(cli.run("send", "--to", "alice", ""), "empty message body");
    assertRefused(cli.run("send", "--to", "../etc", "x"), "invalid agent name");
    assertRefused(cli.run("send", "--to", "alice", "x".repeat(1024 * 1024 + 1)), "over the limit");
    assertRefused(cli.run("send", "--to", "alice"), "no message body");
    assertRefused(cli.run("send", "--to", "alice", "--timeout", "1s", "x"), "--timeout");
    assertRefused(cli.run("send", "--to", "alice", "--wait", "--timeout", "soon", "x"), "duration");
    assertRefused(cli.run("send", "--to", "alice", "--from", "", "x"), "invalid sender");
    cli.stdin(new byte[0]);
    assertRefused(cli.run("send", "--to", "alice"), "empty message body");
    cli.stdin(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
    assertRefused(cli.run("send", "--to", "alice", "-"), "not valid UTF-8");
    cli.stdin(new byte[1024 * 1024 + 1]);
    assertRefused(cli.run("send", "--to", "alice", "-"), "over the limit");
    assertEquals(before, cli.state());
  }

  @Test
  void broadcastWithoutAgentsIsRefused() {
    assertRefused(Cli.inMemory().run("send", "--broadcast", "x"), "no agents are registered");
  }

  @Test
  void bodyOfExactlyTheLimitIsAccepted() {
    cli.stdin("é".repeat(512 * 1024).getBytes(StandardCharsets.UTF_8));
    assertEquals(0, cli.run("send", "--to", "alice", "-").exit());
  }

  @Test
  void badInputNeverCreatesTheDataDirectory(@TempDir Path tmp) {
    Path dir = tmp.resolve("queue");
    Cli files = Cli.onFiles(dir);
    assertEquals(2, files.run("send", "--to", "alice", "").exit());
    assertEquals(2, files.run("send", "--to", "alice", "--at", "99:99", "x").exit());
    assertEquals(2, files.run("agents", "add", "../x").exit());
    assertEquals(2, files.run("agents", "add", "a", "--url", "ftp://x").exit());
    assertFalse(Files.exists(dir), "nothing was written, not even the directory");
  }

  @Test
  void aSendToAMistypedDirectorySaysNoAgentsAreRegisteredAndCreatesNothing(@TempDir Path tmp) {
    Path typo = tmp.resolve("typo");
    Cli.Result result = Cli.onFiles(typo).run("send", "--to", "alice", "hi");

    assertEquals(2, result.exit(), result.toString());
    assertTrue(
        result.err().startsWith("queue send: no agents are registered in " + typo + ": "),
        result.err());
    assertTrue(Files.notExists(typo), "a refused send creates no directory");
  }

  @Test
  void aSendToAQueueWithoutAgentsSaysSoRatherThanUnknownRecipient(@TempDir Path tmp) {
    Cli files = Cli.onFiles(tmp.resolve("q"));
    files.run("agents", "add", "x");
    files.run("agents", "remove", "x");

    for (String[] send : List.of(new String[] {"--to", "bob"}, new String[] {"--broadcast"})) {
      List<String> args = new ArrayList<>(List.of("send"));
      args.addAll(List.of(send));
      args.add("hi");
      Cli.Result result = files.run(args.toArray(new String[0]));
      assertEquals(2, result.exit(), result.toString());
      assertEquals(
          "queue send: no agents are registered in "
              + tmp.resolve("q")
              + "; add one with 'queue agents add NAME'\n",
          result.err());
    }
  }

  @Test
  void commandsThatChangeAQueueRefuseAMissingDirectoryAndCreateNothing(@TempDir Path tmp) {
    Path typo = tmp.resolve("typo");
    Cli files = Cli.onFiles(typo);
    for (String[] command :
        List.of(
            new String[] {"retry", "--all"},
            new String[] {"purge"},
            new String[] {"agents", "pause", "alice"},
            new String[] {"agents", "remove", "alice"},
            new String[] {"receive", "alice"})) {
      Cli.Result result = files.run(command);
      assertEquals(2, result.exit(), String.join(" ", command) + ": " + result);
      assertTrue(result.err().contains("no queue at " + typo), result.err());
      assertTrue(Files.notExists(typo), String.join(" ", command) + " created " + typo);
    }
    assertEquals(0, files.run("agents", "add", "alice").exit(), "agents add makes the queue");
    assertTrue(Files.isDirectory(typo));
  }
}
