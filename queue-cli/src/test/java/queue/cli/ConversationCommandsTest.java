package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;

/**
 * The conversation commands through the command line, on the in-memory store: who sends
 * ($QUEUE_AGENT), reply, thread, send --reply-to and receive --peek; the stores themselves are
 * proven by the contract suite, the launchers by {@code ConversationsIT}.
 */
class ConversationCommandsTest {
  private final MutableClock clock = MutableClock.startingAt("2026-01-15T12:00:00Z");
  private final Cli cli = Cli.inMemory(clock);

  @BeforeEach
  void aTeamOfPullAgents() {
    for (String name : List.of("alice", "bob", "carol")) {
      cli.run("agents", "add", name, "--pull");
    }
  }

  private Cli as(String agent) {
    return cli.environment(Map.of(CliContext.AGENT_VARIABLE, agent));
  }

  private String send(String agent, String... args) {
    Cli.Result sent = as(agent).run(withJson("send", args));
    assertEquals(0, sent.exit(), sent.toString());
    return sent.json().get("messageId").asString();
  }

  private static String[] withJson(String command, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = command;
    all[1] = "--json";
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  private List<JsonNode> receive(String agent) {
    Cli.Result received = as(agent).run("receive", "--json");
    assertEquals(0, received.exit(), received.toString());
    return received.jsonLines();
  }

  @Test
  void theSenderIsQueueAgentUnlessFromNamesAnother() {
    send("alice", "--to", "bob", "one");
    as("alice").run("send", "--to", "bob", "--from", "ci", "two");

    List<JsonNode> received = receive("bob");

    assertEquals("alice", received.get(0).get("from").asString());
    assertEquals("ci", received.get(1).get("from").asString());
  }

  @Test
  void aBroadcastFromQueueAgentSkipsItUnlessIncludeSelf() {
    Cli.Result skipping = as("alice").run("send", "--broadcast", "hello");
    Cli.Result including = as("alice").run("send", "--broadcast", "--include-self", "hello");

    assertTrue(skipping.out().contains("queued for 2/2 agents"), skipping.toString());
    assertTrue(including.out().contains("queued for 3/3 agents"), including.toString());
    assertEquals(1, receive("alice").size());
  }

  @Test
  void inboxAndReceiveAreForQueueAgentWhenNoNameIsGiven() {
    send("bob", "--to", "alice", "hi");

    List<JsonNode> received = receive("alice");

    assertEquals("alice", received.get(0).get("to").asString());
    assertRefused(
        cli.environment(Map.of()).run("receive"), "give 'queue receive NAME', or set QUEUE_AGENT");
  }

  @Test
  void aReplyGoesToTheAskerWithItsThreadAndWhatItAnswers() {
    String question = send("alice", "--to", "bob,carol", "which port?");
    String bobsCopy = receive("bob").get(0).get("id").asString();

    Cli.Result replied = as("bob").run("reply", bobsCopy, "--json", "8080");

    assertEquals(0, replied.exit(), replied.toString());
    JsonNode answer = replied.json();
    assertEquals(List.of("alice"), texts(answer.get("recipients")));
    assertEquals(question, answer.get("threadId").asString());
    JsonNode received = receive("alice").get(0);
    assertEquals(answer.get("messageId").asString(), received.get("messageId").asString());
    assertEquals(question, received.get("inReplyTo").asString());
    assertEquals(question, received.get("threadId").asString());
    assertEquals("bob", received.get("from").asString());
  }

  @Test
  void aReplyPrintsItsIdAndRecipientsAndReplyToAllSkipsTheReplier() {
    String question = send("alice", "--to", "bob,carol", "who owns the build?");

    Cli.Result replied = as("carol").run("reply", question, "--all", "I do");

    List<String> lines = replied.out().lines().toList();
    assertTrue(lines.get(0).matches("[0-9a-z]{8}"), replied.toString());
    assertEquals("queued for 2/2 agents", lines.get(1));
    assertEquals(2, receive("bob").size(), "bob got the question and the reply");
    assertEquals(1, receive("alice").size());
    assertEquals(1, receive("carol").size(), "carol got only the question");
  }

  @Test
  void aReplyToAnUnknownIdIsRefusedAndQueuesNothing() {
    send("alice", "--to", "bob", "which port?");
    Object before = cli.state();

    assertRefused(as("bob").run("reply", "zzzzzzzz", "8080"), "no message or entry with id");

    assertEquals(before, cli.state());
  }

  @Test
  void aReplyToAMessageFromNoAgentIsRefusedNamingItsSender() {
    String question =
        cli.run("send", "--json", "--to", "bob", "hi").json().get("messageId").asString();

    assertRefused(
        as("bob").run("reply", question, "hello"), "its sender tester is not a registered agent");
  }

  @Test
  void sendReplyToJoinsTheThread() {
    String question = send("alice", "--to", "bob", "which port?");

    Cli.Result aside =
        as("bob").run("send", "--json", "--to", "carol", "--reply-to", question, "do you know?");

    assertEquals(question, aside.json().get("threadId").asString());
    assertEquals(question, receive("carol").get(0).get("inReplyTo").asString());
  }

  @Test
  void theThreadJsonIsEveryMessageOldestFirstWithEachRecipientsState() {
    String question = send("alice", "--to", "bob,carol", "which port?");
    receive("bob");
    clock.advance(Duration.ofSeconds(5));
    String answer =
        as("bob").run("reply", "--json", question, "8080").json().get("messageId").asString();

    Cli.Result thread = cli.run("thread", answer, "--json");

    assertEquals(0, thread.exit(), thread.toString());
    assertEquals(
        "{\"threadId\":\""
            + question
            + "\",\"messages\":[{\"messageId\":\""
            + question
            + "\",\"inReplyTo\":null,\"from\":\"alice\",\"createdAt\":\"2026-01-15T12:00:00Z\","
            + "\"body\":\"which port?\",\"recipients\":[{\"recipient\":\"bob\",\"state\":"
            + "\"DELIVERED\"},{\"recipient\":\"carol\",\"state\":\"PENDING\"}]},{\"messageId\":\""
            + answer
            + "\",\"inReplyTo\":\""
            + question
            + "\",\"from\":\"bob\",\"createdAt\":\"2026-01-15T12:00:05Z\",\"body\":\"8080\","
            + "\"recipients\":[{\"recipient\":\"alice\",\"state\":\"PENDING\"}]}]}\n",
        thread.out());
  }

  @Test
  void theThreadTableShowsEachMessageWithItsRecipientsAndBody() {
    String question = send("alice", "--to", "bob", "which port?\nand host?");
    String answer =
        as("bob").run("reply", "--json", question, "8080").json().get("messageId").asString();

    Cli.Result thread = cli.run("thread", question);

    assertEquals(
        question
            + "  2026-01-15T12:00:00Z  from alice  to bob PENDING\n"
            + "  which port?\n"
            + "  and host?\n"
            + answer
            + "  2026-01-15T12:00:00Z  from bob  to alice PENDING  in reply to "
            + question
            + "\n"
            + "  8080\n",
        thread.out());
  }

  @Test
  void theThreadOfAnUnknownIdIsRefused() {
    assertRefused(cli.run("thread", "zzzzzzzz"), "no message or entry with id zzzzzzzz");
  }

  @Test
  void peekingTwiceShowsTheSameAndChangesNothing() {
    send("alice", "--to", "bob", "one");
    send("alice", "--to", "bob", "two");
    Object before = cli.state();

    Cli.Result first = as("bob").run("receive", "--peek", "--json");
    Cli.Result second = as("bob").run("receive", "--peek", "--json");

    assertEquals(0, first.exit(), first.toString());
    assertEquals(
        List.of("one", "two"),
        first.jsonLines().stream().map(m -> m.get("body").asString()).toList());
    assertEquals(first.out(), second.out());
    assertEquals(before, cli.state());
    assertEquals(2, receive("bob").size(), "what was peeked at is still there to receive");
  }

  @Test
  void peekingWithNothingDuePrintsNothing() {
    Cli.Result peeked = as("bob").run("receive", "--peek");

    assertEquals(0, peeked.exit(), peeked.toString());
    assertEquals("", peeked.out());
    assertEquals("", peeked.err());
  }

  @Test
  void peekLimitsAndPrintsAsReceiveDoes() {
    send("alice", "--to", "bob", "one");
    send("alice", "--to", "bob", "two");

    Cli.Result peeked = as("bob").run("receive", "--peek", "--limit", "1");

    List<String> lines = peeked.out().lines().toList();
    assertEquals(2, lines.size(), peeked.toString());
    assertTrue(lines.get(0).matches("[0-9a-z]{8}  2026-01-15T12:00:00Z  from alice"), lines.get(0));
    assertEquals("  one", lines.get(1));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (JsonNode value : array.values()) {
      texts.add(value.asString());
    }
    return texts;
  }
}
