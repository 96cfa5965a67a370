package queue.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.json.Json;
import queue.core.model.EntryState;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.TestAgents;
import tools.jackson.databind.JsonNode;

/** {@code fetch_messages} for a pull agent, on the memory store. */
class PullFetchTest {
  private final Clock clock = Clock.systemUTC();
  private final QueueStore store = MemoryStore.open(OpenOptions.defaults(clock));
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StdoutReceipts receipts = new StdoutReceipts(stdout, lines -> {});
  private final PullMailbox mailbox =
      new PullMailbox(store, "w", "mcp w test", Duration.ofSeconds(60));
  private final FetchMessagesTool fetch = new FetchMessagesTool(mailbox, receipts, clock, "w");

  PullFetchTest() {
    TestAgents requests = new TestAgents("host");
    store.agents().add(requests.pull("w", clock.instant()));
    store.agents().add(requests.pull("other", clock.instant()));
  }

  @AfterEach
  void close() {
    mailbox.close();
    store.close();
  }

  private void send(String to, String body) {
    store.sends().send(SendRequest.to(List.of(to), "me", body));
  }

  private CallToolResult call(Map<String, Object> arguments) {
    return fetch.call(new Arguments(arguments));
  }

  static JsonNode json(CallToolResult result) {
    return Json.mapper().readTree(((TextContent) result.content().get(0)).text());
  }

  private List<String> bodies(CallToolResult result) {
    return json(result).get("messages").valueStream().map(m -> m.get("body").asString()).toList();
  }

  /** Writes the result as the SDK's transport does: one line, then a flush. */
  private void written(CallToolResult result) throws IOException {
    String receipt = (String) result.meta().get(FetchMessagesTool.RECEIPT);
    receipts.write(("{\"result\":{\"_meta\":{\"r\":\"" + receipt + "\"}}}\n").getBytes());
    receipts.flush();
  }

  private long count(String agent, EntryState state) {
    return store.reports().list(state, agent, 0).size();
  }

  @Test
  void oneAnswerHoldsBodiesOfAtMostAMebibyteInAllAndTheRestFollowInOrder() throws IOException {
    String big = "x".repeat(600_000);
    send("w", "a" + big);
    send("w", "b" + big);
    send("w", "c");

    assertEquals(
        1,
        json(new PeekMessagesTool(mailbox, "w").call(new Arguments(Map.of("limit", 10))))
            .get("messages")
            .size());
    CallToolResult first = call(Map.of("limit", 10));

    assertEquals(1, json(first).get("messages").size());
    assertEquals(2, count("w", EntryState.PENDING), "the rest handed back at once");
    written(first);
    CallToolResult second = call(Map.of("limit", 10, "wait_seconds", 60));
    assertEquals(
        List.of("b", "c"),
        json(second)
            .get("messages")
            .valueStream()
            .map(m -> m.get("body").asString().substring(0, 1))
            .toList());
    assertEquals(1, json(second).get("messages").get(0).get("attempt").asInt());
  }

  @Test
  void takesTheOldestDueMessagesUpToTheLimitAsReceiveJsonPrintsThem() {
    send("w", "one");
    send("w", "two");
    send("w", "three");

    CallToolResult result = call(Map.of("limit", 2));

    assertFalse(result.isError());
    assertEquals(List.of("one", "two"), bodies(result));
    JsonNode first = json(result).get("messages").get(0);
    assertEquals("w", first.get("to").asString());
    assertEquals("me", first.get("from").asString());
    assertEquals(1, first.get("attempt").asInt());
    for (String field : List.of("id", "messageId", "createdAt")) {
      assertTrue(first.hasNonNull(field), field);
    }
  }

  @Test
  void messagesAreDeliveredOnlyOnceTheResultWasWritten() throws IOException {
    send("w", "one");
    CallToolResult result = call(Map.of());
    assertEquals(1, count("w", EntryState.PROCESSING), "taken, not yet written");
    try (PullMailbox anotherServer =
        new PullMailbox(store, "w", "mcp w another", Duration.ofSeconds(60))) {
      assertEquals(List.of(), anotherServer.take(10).messages(), "nobody else gets it meanwhile");
    }

    written(result);

    assertEquals(1, count("w", EntryState.DELIVERED));
    assertEquals(0, count("w", EntryState.PROCESSING));
  }

  @Test
  void aFetchRightAfterAnotherWaitsForItsAcknowledgementInsteadOfAnsweringNothing()
      throws Exception {
    send("w", "one");
    send("w", "two");
    CallToolResult first = call(Map.of("limit", 1));
    CompletableFuture<CallToolResult> next =
        CompletableFuture.supplyAsync(() -> call(Map.of("limit", 1)));
    await().during(Duration.ofMillis(200)).until(() -> !next.isDone());

    written(first);

    assertEquals(List.of("two"), bodies(next.orTimeout(60, TimeUnit.SECONDS).join()));
  }

  @Test
  void whatWasNeverWrittenIsHandedBackWhenTheServerCloses() {
    send("w", "one");
    call(Map.of());

    mailbox.close();

    assertEquals(1, count("w", EntryState.PENDING));
    assertEquals(List.of(), bodies(call(Map.of())), "a closed mailbox takes nothing");
  }

  @Test
  void nothingDueAnswersAnEmptyListAtOnce() {
    CallToolResult result = call(Map.of());
    assertFalse(result.isError());
    assertEquals("{\"messages\":[]}", ((TextContent) result.content().get(0)).text());
    assertEquals(null, result.meta());
  }

  @Test
  void aWaitingFetchIsWokenByASend() {
    CompletableFuture<CallToolResult> waiting =
        CompletableFuture.supplyAsync(() -> call(Map.of("wait_seconds", 120)));
    await().during(Duration.ofMillis(200)).until(() -> !waiting.isDone());

    send("w", "late");

    assertEquals(List.of("late"), bodies(waiting.orTimeout(60, TimeUnit.SECONDS).join()));
  }

  @Test
  void onlyTheServedAgentsMessagesAreTaken() {
    send("other", "not yours");
    assertEquals(List.of(), bodies(call(Map.of())));
    assertEquals(1, count("other", EntryState.PENDING));
  }

  @Test
  void argumentsOutOfRangeAreErrorResultsThatSayWhatToUse() {
    CallToolResult limit = call(Map.of("limit", 0));
    assertTrue(limit.isError());
    assertEquals(
        "invalid limit 0: use a whole number from 1 to 100",
        ((TextContent) limit.content().get(0)).text());
    CallToolResult wait = call(Map.of("wait_seconds", 301));
    assertTrue(wait.isError());
    assertEquals(
        "invalid wait_seconds 301: use a whole number from 0 to 300",
        ((TextContent) wait.content().get(0)).text());
  }
}
