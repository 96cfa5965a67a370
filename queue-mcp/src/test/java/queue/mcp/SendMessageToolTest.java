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
import queue.core.api.EntryView;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.documents.StatusDocument;
import queue.core.json.Json;
import queue.core.model.AgentChange;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;
import tools.jackson.databind.JsonNode;

/** {@code send_message}, {@code list_agents} and {@code queue_status} on the memory store. */
class SendMessageToolTest {
  private final MutableClock clock = MutableClock.startingAt("2026-03-01T12:00:00Z");
  private final QueueStore store = MemoryStore.open(OpenOptions.defaults(clock));
  private final SendMessageTool send = new SendMessageTool(store, "frontend", clock);

  SendMessageToolTest() {
    TestAgents requests = new TestAgents("host");
    store.agents().add(requests.pull("frontend", clock.instant()));
    store.agents().add(requests.pull("backend", clock.instant()));
    store.agents().add(requests.inbox("reviewer", null, clock.instant()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CallToolResult send(Map<String, Object> arguments) {
    return send.call(new Arguments(arguments));
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  @Test
  void aSendIsQueuedFromTheServedAgentAndAnswersAsSendJson() {
    CallToolResult result = send(Map.of("to", List.of("backend", "reviewer"), "body", "hi"));

    assertFalse(result.isError(), text(result));
    JsonNode json = Json.mapper().readTree(text(result));
    assertEquals(2, json.get("queued").asInt());
    assertEquals(
        List.of("backend", "reviewer"),
        json.get("recipients").valueStream().map(JsonNode::asString).toList());
    assertFalse(json.get("duplicate").asBoolean());
    assertFalse(json.has("notBefore"));
    List<EntryView> entries = store.reports().list(null, null, 0);
    assertEquals(2, entries.size());
    for (EntryView entry : entries) {
      assertEquals("frontend", entry.entry().sender());
      assertEquals(json.get("messageId").asString(), entry.entry().messageId());
    }
  }

  // The sender is a registered agent, which a broadcast is not delivered back to.
  @Test
  void aBroadcastReachesEveryAgentButTheSender() {
    JsonNode json =
        Json.mapper().readTree(text(send(Map.of("broadcast", true, "body", "deploy at 17:00"))));
    assertEquals(2, json.get("queued").asInt());
    assertEquals(
        List.of("backend", "reviewer"),
        json.get("recipients").valueStream().map(JsonNode::asString).toList());
  }

  @Test
  void aDelayAndATtlAreAsSendsDelayAndTtl() {
    JsonNode json =
        Json.mapper()
            .readTree(
                text(
                    send(
                        Map.of(
                            "to",
                            List.of("backend"),
                            "body",
                            "later",
                            "delay",
                            "5m",
                            "ttl",
                            "1h"))));
    assertEquals("2026-03-01T12:05:00Z", json.get("notBefore").asString());
    EntryView entry = store.reports().list(null, "backend", 0).get(0);
    assertEquals(clock.instant().plus(Duration.ofHours(1)), entry.entry().expiresAt());
  }

  @Test
  void aRepeatedIdempotencyKeyQueuesNothingNew() {
    Map<String, Object> arguments =
        Map.of("to", List.of("backend"), "body", "once", "idempotency_key", "job-42");
    JsonNode first = Json.mapper().readTree(text(send(arguments)));
    JsonNode again = Json.mapper().readTree(text(send(arguments)));
    assertEquals(first.get("messageId"), again.get("messageId"));
    assertTrue(again.get("duplicate").asBoolean());
    assertEquals(1, store.reports().list(null, "backend", 0).size());
  }

  @Test
  void refusedSendsAreErrorResultsWithTheCommandLinesMessageAndQueueNothing() {
    assertEquals(
        "unknown recipient nobody: nothing was queued; see 'queue agents list'",
        text(send(Map.of("to", List.of("backend", "nobody"), "body", "x"))));
    assertEquals(
        "--to and --broadcast cannot be used together: choose one",
        text(send(Map.of("to", List.of("backend"), "broadcast", true, "body", "x"))));
    assertEquals(
        "empty message body: give the text as an argument or on stdin",
        text(send(Map.of("to", List.of("backend"), "body", ""))));
    CallToolResult badDelay = send(Map.of("to", List.of("backend"), "body", "x", "delay", "soon"));
    assertTrue(badDelay.isError());
    assertEquals(
        "invalid duration 'soon': use a whole number and a unit, e.g. 500ms, 10s, 5m, 1h, 7d",
        text(badDelay));
    assertEquals(List.of(), store.reports().list(null, null, 0));
  }

  @Test
  void listAgentsNamesEachAgentWithItsTransportGroupsAndPause() {
    store.agents().change("reviewer", AgentChange.pause());
    assertEquals(
        "{\"agents\":["
            + "{\"name\":\"frontend\",\"transport\":\"pull\",\"groups\":[],\"paused\":false},"
            + "{\"name\":\"backend\",\"transport\":\"pull\",\"groups\":[],\"paused\":false},"
            + "{\"name\":\"reviewer\",\"transport\":\"inbox\",\"groups\":[],\"paused\":true}]}",
        text(new ListAgentsTool(store).call()));
  }

  @Test
  void queueStatusIsTheStatusDocument() {
    send(Map.of("to", List.of("backend"), "body", "x"));
    String expected =
        Json.outputMapper()
            .writeValueAsString(
                StatusDocument.of(store.reports().status(), store.liveness().running(), null));
    CallToolResult result = new QueueStatusTool(store).call();
    assertFalse(result.isError());
    assertEquals(expected, text(result));
    assertEquals(1, Json.mapper().readTree(text(result)).get("totals").get("pending").asInt());
  }
}
