package queue.cli.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.cli.Json;
import queue.cli.agents.AgentRequests;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.testing.Percentiles;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/**
 * The MCP server's benchmark (issue 17), through the real launcher on the file store and on a
 * durable embedded PostgreSQL: start-up to the answer to {@code initialize} against {@code java
 * Hello}; a {@code send_message} call answered, and a message from one server's {@code
 * send_message} to another's waiting {@code fetch_messages}, against the same paths through the
 * command line ({@code queue send}; {@code queue send} to a waiting {@code queue receive --wait});
 * the peak RSS of an idle server and of one that fetched 10,000 messages. Samples of the two sides
 * of a comparison alternate, so that load drift hits both. Run it with {@code bench/run-mcp.sh};
 * arguments: work directory, launcher (bin/queue), directory of Hello.class, samples.
 */
public final class McpBench {
  private static final int BACKLOG = 10_000;
  private static final Clock CLOCK = Clock.systemUTC();
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";

  private final Path work;
  private final Path launcher;
  private final Path hello;
  private final int samples;

  private McpBench(Path work, Path launcher, Path hello, int samples) {
    this.work = work;
    this.launcher = launcher;
    this.hello = hello;
    this.samples = samples;
  }

  public static void main(String[] args) throws Exception {
    McpBench bench =
        new McpBench(
            Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
    Files.createDirectories(bench.work);
    System.out.printf(
        Locale.ROOT, "# queue mcp, %s: %d samples per figure%n", Instant.now(), bench.samples);
    try (PostgresServer server = PostgresServer.start(bench.work.resolve("postgres"), true);
        FileBenchStore file = new FileBenchStore(bench.work.resolve("file"));
        PostgresBenchStore postgres = new PostgresBenchStore(server)) {
      for (BenchStore kind : List.of(file, postgres)) {
        bench.startUp(kind);
        bench.paths(kind);
        bench.memory(kind);
      }
    }
    System.exit(0);
  }

  // Start-up

  private void startUp(BenchStore kind) throws Exception {
    String location = kind.create();
    try (QueueStore store = open(location)) {
      store.agents().add(requests().pull("a", CLOCK.instant()));
    }
    long[] mcp = new long[samples];
    long[] bare = new long[samples];
    for (int i = 0; i < samples; i++) {
      bare[i] = helloNanos();
      mcp[i] = initializeNanos(kind.option(location));
    }
    report(kind, "start to the answer to initialize", Percentiles.of(mcp), "java Hello", bare);
  }

  private long helloNanos() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(java.toString(), "-cp", hello.toString(), "Hello")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    process.waitFor();
    return System.nanoTime() - started;
  }

  private long initializeNanos(List<String> storeArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(storeArgs);
    command.addAll(List.of("mcp", "--agent", "a"));
    long started = System.nanoTime();
    Process server =
        new ProcessBuilder(command).redirectError(work.resolve("startup.err").toFile()).start();
    OutputStream in = server.getOutputStream();
    in.write((INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String answer = out.readLine();
    long answered = System.nanoTime() - started;
    if (answer == null || !answer.contains("\"serverInfo\"")) {
      throw new IllegalStateException("no answer to initialize: " + answer);
    }
    in.close();
    server.waitFor();
    return answered;
  }

  // The two paths, through the MCP server and through the command line

  private void paths(BenchStore kind) throws Exception {
    String location = kind.create();
    try (QueueStore store = open(location)) {
      store.agents().add(requests().pull("a", CLOCK.instant()));
      store.agents().add(requests().pull("b", CLOCK.instant()));
    }
    List<String> storeArgs = kind.option(location);
    long[] sendCall = new long[samples];
    long[] sendCommand = new long[samples];
    long[] toFetch = new long[samples];
    long[] toReceive = new long[samples];
    try (McpSyncClient a = connect(storeArgs, "a");
        McpSyncClient b = connect(storeArgs, "b")) {
      for (int i = 0; i < samples; i++) {
        sendCall[i] = sendCallNanos(a, i);
        sendCommand[i] = commandNanos(storeArgs, "send", "--from", "a", "--to", "a", "cli " + i);
        toFetch[i] = sendToFetchNanos(a, b, i);
        toReceive[i] = sendToReceiveNanos(storeArgs, i);
      }
    }
    report(kind, "send_message answered", Percentiles.of(sendCall), "queue send", sendCommand);
    report(
        kind,
        "send_message to a waiting fetch_messages",
        Percentiles.of(toFetch),
        "queue send to a waiting queue receive --wait",
        toReceive);
  }

  private long sendCallNanos(McpSyncClient client, int i) {
    long started = System.nanoTime();
    call(client, "send_message", Map.of("to", List.of("a"), "body", "call " + i));
    return System.nanoTime() - started;
  }

  private long sendToFetchNanos(McpSyncClient sender, McpSyncClient receiver, int i) {
    CompletableFuture<Long> fetched =
        CompletableFuture.supplyAsync(
            () -> {
              JsonNode messages = call(receiver, "fetch_messages", Map.of("wait_seconds", 60));
              long at = System.nanoTime();
              expectBody(messages.get("messages").get(0), "mcp " + i);
              return at;
            });
    // The fetch is waiting in the server when the send starts (a generous head start).
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    long started = System.nanoTime();
    call(sender, "send_message", Map.of("to", List.of("b"), "body", "mcp " + i));
    return fetched.join() - started;
  }

  private long sendToReceiveNanos(List<String> storeArgs, int i) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(storeArgs);
    command.addAll(List.of("receive", "b", "--wait", "60s", "--limit", "1", "--json"));
    Process receiver =
        new ProcessBuilder(command).redirectError(work.resolve("receive.err").toFile()).start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Long> received =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line = out.readLine();
                long at = System.nanoTime();
                expectBody(Json.mapper().readTree(line), "cli " + i);
                return at;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    // The receiver's JVM has started and is waiting when the send starts (a generous head start).
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500));
    long started = System.nanoTime();
    commandNanos(storeArgs, "send", "--from", "a", "--to", "b", "cli " + i);
    long latency = received.join() - started;
    receiver.waitFor();
    return latency;
  }

  private long commandNanos(List<String> storeArgs, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(storeArgs);
    command.addAll(List.of(args));
    long started = System.nanoTime();
    int exit =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(work.resolve("send.err").toFile())
            .start()
            .waitFor();
    if (exit != 0) {
      throw new IllegalStateException(command + " exited " + exit);
    }
    return System.nanoTime() - started;
  }

  // Memory

  private void memory(BenchStore kind) throws Exception {
    String location = kind.create();
    try (QueueStore store = open(location)) {
      Backlogs.importQueued(store, requests().pull("r", CLOCK.instant()), BACKLOG);
    }
    try (McpSyncClient client = connect(kind.option(location), "r")) {
      ProcessHandle server = serverOf(kind.option(location), "r");
      call(client, "list_agents", Map.of());
      long idle = peakRssKb(server);
      int fetched = 0;
      while (fetched < BACKLOG) {
        JsonNode messages =
            call(client, "fetch_messages", Map.of("limit", 100, "wait_seconds", 10))
                .get("messages");
        for (JsonNode message : messages) {
          expectBody(message, "backlog " + fetched++);
        }
        if (messages.isEmpty()) {
          throw new IllegalStateException("only " + fetched + " of " + BACKLOG + " fetched");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%s: peak RSS of an idle server %d MB; after fetching %d messages %d MB (target 96 MB)%n",
          kind.name(),
          idle / 1024,
          BACKLOG,
          peakRssKb(server) / 1024);
    }
  }

  private static long peakRssKb(ProcessHandle process) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmHWM for pid " + process.pid());
  }

  // Helpers

  private McpSyncClient connect(List<String> storeArgs, String agent) {
    List<String> args = new ArrayList<>(storeArgs);
    args.addAll(List.of("mcp", "--agent", agent));
    McpSyncClient client =
        McpClient.sync(
                new StdioClientTransport(
                    ServerParameters.builder(launcher.toString())
                        .args(args)
                        .env(Map.of("QUEUE_DIR", work.resolve("local").toString()))
                        .build(),
                    McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofMinutes(5))
            .initializationTimeout(Duration.ofMinutes(2))
            .build();
    client.initialize();
    return client;
  }

  // bin/queue execs the JVM, so the server is this JVM's child with the same arguments.
  private static ProcessHandle serverOf(List<String> storeArgs, String agent) {
    List<String> tail = new ArrayList<>(storeArgs);
    tail.addAll(List.of("mcp", "--agent", agent));
    return ProcessHandle.current()
        .children()
        .filter(
            child -> {
              List<String> arguments = List.of(child.info().arguments().orElse(new String[0]));
              return arguments.size() >= tail.size()
                  && arguments
                      .subList(arguments.size() - tail.size(), arguments.size())
                      .equals(tail);
            })
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no server for " + agent));
  }

  private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    CallToolResult result = client.callTool(new CallToolRequest(tool, arguments, null));
    String text = ((TextContent) result.content().get(0)).text();
    if (Boolean.TRUE.equals(result.isError())) {
      throw new IllegalStateException(tool + " failed: " + text);
    }
    return Json.mapper().readTree(text);
  }

  private static void expectBody(JsonNode message, String body) {
    if (!message.get("body").asString().equals(body)) {
      throw new IllegalStateException("expected '" + body + "', got " + message);
    }
  }

  private QueueStore open(String location) throws IOException {
    Files.createDirectories(work.resolve("local"));
    return Stores.open(location, OpenOptions.defaults(CLOCK));
  }

  private AgentRequests requests() {
    return new AgentRequests(work, "bench-host", null, System.getenv("PATH"));
  }

  private static void report(
      BenchStore kind, String what, Percentiles mcp, String against, long[] cli) {
    Percentiles other = Percentiles.of(cli);
    System.out.printf(
        Locale.ROOT,
        "%s: %s %s; %s %s; p50 ratio %.2f%n",
        kind.name(),
        what,
        mcp,
        against,
        other,
        mcp.p50() / other.p50());
  }
}
