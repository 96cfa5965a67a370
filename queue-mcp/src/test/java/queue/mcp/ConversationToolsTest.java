package queue.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import queue.core.api.DueEntry;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.json.Json;
import queue.core.model.AgentChange;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;
import tools.jackson.databind.JsonNode;

/**
 * The conversation tools ({@code reply}, {@code get_thread}, {@code peek_messages}, and {@code
 * send_message}'s {@code reply_to}, groups and {@code include_self}) on the memory store, for the
 * pull agent frontend; backend and reviewer are in the group reviewers.
 */
class ConversationToolsTest {
  private final MutableClock clock = MutableClock.startingAt("2026-03-01T12:00:00Z");
  private final QueueStore store = MemoryStore.open(OpenOptions.defaults(clock));
  private final PullMailbox mailbox =
      new PullMailbox(store, "frontend", "mcp frontend test", Duration.ofSeconds(60));
  private final SendMessageTool send = new SendMessageTool(store, "frontend", clock);
  private final ReplyTool reply = new ReplyTool(store, "frontend");
  private final GetThreadTool thread = new GetThreadTool(store);
  private final PeekMessagesTool peek = new PeekMessagesTool(mailbox, "frontend");

  ConversationToolsTest() {
    TestAgents requests = new TestAgents("host");
    store.agents().add(requests.pull("frontend", clock.instant()));
    store.agents().add(requests.pull("backend", clock.instant()));
    store.agents().add(requests.inbox("reviewer", null, clock.instant()));
    store.agents().change("backend", AgentChange.NONE.joining(List.of("reviewers")));
    store.agents().change("reviewer", AgentChange.NONE.joining(List.of("reviewers")));
  }

  @AfterEach
  void close() {
    mailbox.close();
    store.close();
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  private static JsonNode json(CallToolResult result) {
    assertFalse(result.isError(), text(result));
    return Json.mapper().readTree(text(result));
  }

  private static List<String> strings(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }

  /** Queues {@code body} from {@code sender} to {@code to}; its message id. */
  private String sendFrom(String sender, List<String> to, String body) {
    return store.sends().send(SendRequest.to(to, sender, body)).messageId();
  }

  private DueEntry onlyDue(String agent) {
    List<DueEntry> due = store.conversations().peek(agent, 0);
    assertEquals(1, due.size(), due.toString());
    return due.get(0);
  }

  @Test
  void aReplyGoesToTheSenderInTheQuestionsThread() {
    String question = sendFrom("backend", List.of("frontend"), "which port?");

    JsonNode answer = json(reply.call(new Arguments(Map.of("message_id", question, "body", "80"))));

    assertEquals(List.of("backend"), strings(answer.get("recipients")));
    assertEquals(question, answer.get("threadId").asString());
    DueEntry reached = onlyDue("backend");
    assertEquals("frontend", reached.entry().sender());
    assertEquals(question, reached.message().inReplyTo());
    assertEquals(question, reached.message().threadId());
  }

  @Test
  void aReplyToAllGoesToTheSenderAndEveryOtherRecipientByAnEntryIdsPrefix() {
    sendFrom("backend", List.of("frontend", "reviewer"), "who takes it?");
    String entryId = onlyDue("frontend").entry().id();

    JsonNode answer =
        json(
            reply.call(
                new Arguments(
                    Map.of("message_id", entryId.substring(0, 8), "body", "me", "all", true))));

    assertEquals(List.of("backend", "reviewer"), strings(answer.get("recipients")));
  }

  @Test
  void aFailedReplyIsAnErrorResultAndTheNextGoodCallIsAnswered() {
    CallToolResult unknown =
        reply.call(new Arguments(Map.of("message_id", "0e2mf874", "body", "x")));
    assertTrue(unknown.isError());
    assertEquals(
        "no message or entry with id 0e2mf874, queued or in history; see 'queue list'",
        text(unknown));
    CallToolResult missing = reply.call(new Arguments(Map.of("body", "x")));
    assertTrue(missing.isError());
    assertEquals("missing message_id: give it, as the tool's schema says", text(missing));

    String question = sendFrom("backend", List.of("frontend"), "still there?");
    assertEquals(
        1,
        json(reply.call(new Arguments(Map.of("message_id", question, "body", "yes"))))
            .get("queued")
            .asInt());
  }

  @Test
  void sendMessageWithReplyToJoinsTheThreadAndGoesToWhomItNames() {
    String question = sendFrom("backend", List.of("frontend"), "ask reviewer?");

    JsonNode sent =
        json(
            send.call(
                new Arguments(
                    Map.of(
                        "to", List.of("reviewer"), "reply_to", question, "body", "do you know?"))));

    assertEquals(List.of("reviewer"), strings(sent.get("recipients")));
    assertEquals(question, sent.get("threadId").asString());
  }

  @Test
  void sendMessageToAGroupReachesItsMembersAndIncludeSelfAddsTheSenderToABroadcast() {
    JsonNode group =
        json(send.call(new Arguments(Map.of("to", List.of("@reviewers"), "body", "PR 17 ready"))));
    assertEquals(List.of("backend", "reviewer"), strings(group.get("recipients")));

    JsonNode all =
        json(
            send.call(
                new Arguments(Map.of("broadcast", true, "include_self", true, "body", "deploy"))));
    assertEquals(List.of("frontend", "backend", "reviewer"), strings(all.get("recipients")));

    CallToolResult unknown =
        send.call(new Arguments(Map.of("to", List.of("@nobody"), "body", "hello?")));
    assertTrue(unknown.isError());
    assertTrue(text(unknown).contains("@nobody"), text(unknown));
  }

  @Test
  void getThreadAnswersWhatThreadJsonPrints() {
    String question = sendFrom("backend", List.of("frontend"), "which port?");
    json(reply.call(new Arguments(Map.of("message_id", question, "body", "80"))));

    CallToolResult result = thread.call(new Arguments(Map.of("message_id", question)));

    assertEquals(
        Json.outputMapper().writeValueAsString(store.conversations().thread(question).get()),
        text(result));
    JsonNode messages = json(result).get("messages");
    assertEquals(2, messages.size());
    assertEquals(question, messages.get(1).get("inReplyTo").asString());
    assertEquals(
        "no message or entry with id 0e2mf874, queued or in history; see 'queue list'",
        text(thread.call(new Arguments(Map.of("message_id", "0e2mf874")))));
  }

  @Test
  void peekShowsWhatFetchWouldTakeWithThreadAndReplyIdsAndChangesNothing() {
    String mine = sendFrom("frontend", List.of("backend"), "which port?");
    sendFrom("backend", List.of("frontend"), "hello");
    store
        .sends()
        .send(SendRequest.reply(new ReplyTo(mine, ReplyTo.Audience.SENDER), "backend", "8080"));

    JsonNode peeked = json(peek.call(new Arguments(Map.of())));

    List<JsonNode> messages = peeked.get("messages").valueStream().toList();
    assertEquals(
        List.of("hello", "8080"), messages.stream().map(m -> m.get("body").asString()).toList());
    assertFalse(messages.get(0).has("inReplyTo"));
    assertEquals(mine, messages.get(1).get("inReplyTo").asString());
    assertEquals(mine, messages.get(1).get("threadId").asString());
    assertEquals(1, json(peek.call(new Arguments(Map.of("limit", 1)))).get("messages").size());
    assertEquals(2, store.conversations().peek("frontend", 0).size(), "nothing taken");
    assertEquals(2, mailbox.take(10).messages().size());
  }

  @Test
  void aNoticeOfAMessageThatCouldNotBeDeliveredReachesItsSender() {
    String mine = sendFrom("frontend", List.of("backend"), "are you there?");
    store.agents().remove("backend", true);

    JsonNode notice = json(peek.call(new Arguments(Map.of()))).get("messages").get(0);

    assertEquals("queue", notice.get("from").asString());
    assertEquals(mine, notice.get("inReplyTo").asString());
    assertEquals(mine, notice.get("threadId").asString());
    assertEquals("backend", notice.get("notice").get("recipient").asString());
    assertEquals("FAILED", notice.get("notice").get("state").asString());
  }
}
