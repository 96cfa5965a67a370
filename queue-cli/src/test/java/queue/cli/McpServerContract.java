package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/queue mcp}, the real launcher, driven over stdio by the SDK's own client (and, where a
 * test needs a host that misbehaves, by hand): the same tests on every store.
 */
abstract class McpServerContract {
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final List<McpClients.Connected> clients = new ArrayList<>();
  private final List<Process> started = new ArrayList<>();

  /** The options that name the store: {@code --dir DIR} or {@code --store URL}. */
  abstract List<String> storeArgs();

  /** What every run gets in its environment beside the test's own. */
  abstract Map<String, String> environment();

  /** {@code bin/queue} on the store, with {@code args}. */
  abstract ProcessBuilder queue(String... args);

  /** A directory for this test's files. */
  abstract Path tmp();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (McpClients.Connected client : clients) {
      client.close();
    }
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  Launchers.Run run(String... args) {
    return Launchers.run(queue(args));
  }

  private void ok(String... args) {
    Launchers.Run run = run(args);
    assertEquals(0, run.exit(), run.toString());
  }

  private McpClients.Connected connect(String agent) {
    McpClients.Connected connected = McpClients.connect(storeArgs(), environment(), agent);
    clients.add(connected);
    return connected;
  }

  private static Map<String, Object> sendTo(String to, String body) {
    return Map.of("to", List.of(to), "body", body);
  }

  private static List<String> bodies(JsonNode fetched) {
    return fetched.get("messages").valueStream().map(m -> m.get("body").asString()).toList();
  }

  private JsonNode agentStatus(String agent) {
    for (JsonNode row : run("status", "--json").json().get("agents")) {
      if (row.get("name").asString().equals(agent)) {
        return row;
      }
    }
    throw new AssertionError("no agent " + agent + " in status");
  }

  // One pair of servers for every tool: each server is a JVM start, the costly part of a test.
  @Test
  void everyToolAnswersWhatTheCommandLineAnswers() {
    ok("agents", "add", "a", "--pull", "--group", "team");
    ok("agents", "add", "b", "--pull", "--group", "team");
    McpClients.Connected a = connect("a");
    McpClients.Connected b = connect("b");

    assertEquals("queue", a.client().getServerInfo().name());
    assertTrue(a.client().getServerInstructions().contains("\"a\""));
    Set<String> names =
        a.client().listTools().tools().stream().map(Tool::name).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "send_message",
            "reply",
            "fetch_messages",
            "peek_messages",
            "get_thread",
            "list_agents",
            "queue_status"),
        names);

    JsonNode sent = a.json("send_message", sendTo("b", "hello b"));
    assertEquals(1, sent.get("queued").asInt());
    assertEquals("b", sent.get("recipients").get(0).asString());
    assertFalse(sent.get("duplicate").asBoolean());

    String question = sent.get("messageId").asString();
    assertEquals(question, sent.get("threadId").asString());

    JsonNode peeked = b.json("peek_messages", Map.of());
    assertEquals(run("receive", "b", "--peek", "--json").json(), peeked.get("messages").get(0));
    JsonNode fetched = b.json("fetch_messages", Map.of());
    assertEquals(peeked, fetched, "peek took nothing: fetch takes the same");
    assertEquals(List.of("hello b"), bodies(fetched));
    JsonNode message = fetched.get("messages").get(0);
    assertEquals("a", message.get("from").asString());
    assertEquals(question, message.get("messageId").asString());
    assertEquals(question, message.get("threadId").asString());
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> agentStatus("b").get("delivered").asInt() == 1);

    JsonNode answer = b.json("reply", Map.of("message_id", question, "body", "hello a"));
    assertEquals(List.of("a"), strings(answer.get("recipients")));
    assertEquals(question, answer.get("threadId").asString());
    JsonNode reply = a.json("fetch_messages", Map.of("wait_seconds", 300)).get("messages").get(0);
    assertEquals(question, reply.get("inReplyTo").asString());
    assertEquals(question, reply.get("threadId").asString());
    // The fetch's acknowledgement follows its answer: wait for it, or the states may differ.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> agentStatus("a").get("delivered").asInt() == 1);

    JsonNode thread = a.json("get_thread", Map.of("message_id", reply.get("id").asString()));
    assertEquals(run("thread", question, "--json").json(), thread);
    assertEquals(List.of("hello b", "hello a"), bodies(thread));

    JsonNode announced = a.json("send_message", sendTo("@team", "standup in 5"));
    assertEquals(List.of("a", "b"), strings(announced.get("recipients")));

    JsonNode agents = a.json("list_agents", Map.of());
    assertEquals(
        "[{\"name\":\"a\",\"transport\":\"pull\",\"groups\":[\"team\"],\"paused\":false},"
            + "{\"name\":\"b\",\"transport\":\"pull\",\"groups\":[\"team\"],\"paused\":false}]",
        agents.get("agents").toString());

    assertEquals(run("status", "--json").json(), a.json("queue_status", Map.of()));
  }

  private static List<String> strings(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }

  @Test
  void aFailedCallIsAnErrorResultWithTheCommandLinesMessageAndTheServerKeepsServing() {
    ok("agents", "add", "a", "--pull");
    McpClients.Connected a = connect("a");

    CallToolResult refused = a.call("send_message", sendTo("nobody", "x"));
    assertTrue(refused.isError());
    assertEquals(
        "unknown recipient nobody: nothing was queued; see 'queue agents list'",
        McpClients.text(refused));

    JsonNode toMyself = a.json("send_message", sendTo("a", "to myself"));
    assertEquals(1, toMyself.get("queued").asInt());
    assertEquals(List.of("to myself"), bodies(a.json("fetch_messages", Map.of())));

    CallToolResult noSuchMessage = a.call("reply", Map.of("message_id", "0e2mf874", "body", "x"));
    assertTrue(noSuchMessage.isError());
    assertEquals(
        "no message or entry with id 0e2mf874, queued or in history; see 'queue list'",
        McpClients.text(noSuchMessage));
    assertTrue(a.call("get_thread", Map.of("message_id", "0e2mf874")).isError());
    JsonNode thread =
        a.json("get_thread", Map.of("message_id", toMyself.get("messageId").asString()));
    assertEquals(List.of("to myself"), bodies(thread));
  }

  @Test
  void aWaitingFetchIsWokenBySendFromAnotherProcess() {
    ok("agents", "add", "w", "--pull");
    McpClients.Connected w = connect("w");
    CompletableFuture<JsonNode> waiting =
        CompletableFuture.supplyAsync(() -> w.json("fetch_messages", Map.of("wait_seconds", 300)));
    await().pollDelay(Duration.ofMillis(500)).until(() -> !waiting.isDone());

    ok("send", "--from", "cli", "--to", "w", "wake up");

    assertEquals(List.of("wake up"), bodies(waiting.orTimeout(2, TimeUnit.MINUTES).join()));
  }

  @Test
  void anInboxAgentFetchesWhatTheProcessorDeliveredAndItMovesToCur() throws IOException {
    ok("agents", "add", "i");
    started.add(
        Launchers.startLogged(processorCommand(), tmp().resolve("processor.log"), new String[0]));
    McpClients.Connected i = connect("i");

    ok("send", "--from", "cli", "--to", "i", "to the inbox");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> bodies(i.json("peek_messages", Map.of())).equals(List.of("to the inbox")));
    JsonNode fetched = i.json("fetch_messages", Map.of("wait_seconds", 300));

    assertEquals(List.of("to the inbox"), bodies(fetched));
    String id = fetched.get("messages").get(0).get("id").asString();
    Path inbox = inboxOf("i");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> Files.exists(inbox.resolve("cur").resolve(id + ".json")));
    assertFalse(Files.exists(inbox.resolve("new").resolve(id + ".json")));
    assertEquals(List.of(), bodies(i.json("fetch_messages", Map.of())));
  }

  /** {@code bin/queue-processor} on the store. */
  abstract ProcessBuilder processorCommand();

  /** Where inbox agent {@code name}'s files go. */
  abstract Path inboxOf(String name);

  @Test
  void aServerKilledAfterTakingAPullAgentsMessagesLeavesThemDueAgainAfterTheLease()
      throws Exception {
    ok("agents", "add", "w", "--pull");
    ok("agents", "add", "s", "--pull");
    McpClients.Connected sender = connect("s");
    List<String> sent = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      String body = n + " " + "x".repeat(4000);
      sender.json("send_message", sendTo("w", body));
      sent.add(body);
    }
    // A host that asks and never reads: the answer (160 KB) cannot all go into the pipe, so the
    // server has taken the messages and cannot finish writing them when it is killed.
    Process hung =
        queue("mcp", "--agent", "w", "--lease", "5s")
            .redirectError(tmp().resolve("hung.err").toFile())
            .start();
    started.add(hung);
    OutputStream in = hung.getOutputStream();
    for (String line :
        List.of(
            INITIALIZE,
            INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"fetch_messages\",\"arguments\":{\"limit\":40}}}")) {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    in.flush();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> agentStatus("w").get("processing").asInt() == 40);

    hung.destroyForcibly().waitFor();

    JsonNode afterKill = agentStatus("w");
    assertEquals(40, afterKill.get("processing").asInt(), afterKill.toString());
    assertEquals(0, afterKill.get("delivered").asInt(), afterKill.toString());
    McpClients.Connected again = connect("w");
    JsonNode fetched = again.json("fetch_messages", Map.of("limit", 100, "wait_seconds", 300));
    assertEquals(sent, bodies(fetched), "every message, in order, once the lease ran out");
  }

  @Test
  void closingStdinEndsTheServerWithExitZeroAndStdoutHoldsOnlyTheProtocol() throws Exception {
    ok("agents", "add", "w", "--pull");
    Process server =
        queue("mcp", "--agent", "w").redirectError(tmp().resolve("server.err").toFile()).start();
    started.add(server);
    OutputStream in = server.getOutputStream();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    in.write((INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    JsonNode initialized = Json.mapper().readTree(out.readLine());
    assertEquals("queue", initialized.get("result").get("serverInfo").get("name").asString());
    in.write((INITIALIZED + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();

    in.close();

    assertTrue(server.waitFor(2, TimeUnit.MINUTES), "the server ends when stdin closes");
    assertEquals(0, server.exitValue());
    assertEquals(null, out.readLine(), "nothing but the protocol on stdout");
  }

  @Test
  void twoServersForTwoAgentsExchange200MessagesBothWaysInOrderNoneLostOrDoubled()
      throws Exception {
    ok("agents", "add", "a", "--pull");
    ok("agents", "add", "b", "--pull");
    McpClients.Connected a = connect("a");
    McpClients.Connected b = connect("b");

    // Two threads of their own: the common pool may have a single thread on a small machine.
    ExecutorService sides = Executors.newFixedThreadPool(2);
    Future<List<String>> toA = sides.submit(() -> converse(a, "b", 200));
    Future<List<String>> toB = sides.submit(() -> converse(b, "a", 200));
    sides.shutdown();

    List<String> fromB = new ArrayList<>();
    List<String> fromA = new ArrayList<>();
    for (int n = 0; n < 200; n++) {
      fromB.add("b " + n);
      fromA.add("a " + n);
    }
    assertEquals(fromB, toA.get(10, TimeUnit.MINUTES));
    assertEquals(fromA, toB.get(10, TimeUnit.MINUTES));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> agentStatus("a").get("delivered").asInt() == 200);
    JsonNode status = run("status", "--json").json().get("totals");
    assertEquals(400, status.get("delivered").asInt(), status.toString());
    assertEquals(0, status.get("pending").asInt(), status.toString());
    assertEquals(0, status.get("processing").asInt(), status.toString());
  }

  /**
   * Sends {@code count} messages to {@code peer}, taking what has arrived after every 10, until all
   * are sent and {@code count} have arrived; what arrived, in order. Anything more that came (a
   * message doubled) stays queued, where the caller's status check finds it.
   */
  private static List<String> converse(McpClients.Connected self, String peer, int count) {
    String name = peer.equals("a") ? "b" : "a";
    List<String> received = new ArrayList<>();
    int sent = 0;
    while (received.size() < count || sent < count) {
      for (int burst = 0; burst < 10 && sent < count; burst++) {
        self.json("send_message", sendTo(peer, name + " " + sent++));
      }
      // Waits only once all are sent; once all arrived, the status checks what else came.
      if (received.size() < count) {
        int wait = sent < count ? 0 : 60;
        received.addAll(
            bodies(self.json("fetch_messages", Map.of("limit", 100, "wait_seconds", wait))));
      }
    }
    return received;
  }
}
