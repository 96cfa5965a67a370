package queue.cli;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The SDK's own client, driving {@code bin/queue mcp} over stdio as an LLM host does. */
final class McpClients {
  private McpClients() {}

  /** A connected client and the server process it started. */
  record Connected(McpSyncClient client, ProcessHandle server) implements AutoCloseable {

    CallToolResult call(String tool, Map<String, Object> arguments) {
      return client.callTool(new CallToolRequest(tool, arguments, null));
    }

    /** Calls a tool that must succeed; its result's JSON text. */
    JsonNode json(String tool, Map<String, Object> arguments) {
      CallToolResult result = call(tool, arguments);
      if (Boolean.TRUE.equals(result.isError())) {
        throw new AssertionError(tool + " failed: " + text(result));
      }
      return Json.mapper().readTree(text(result));
    }

    @Override
    public void close() {
      client.closeGracefully();
    }
  }

  static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  /**
   * Starts {@code bin/queue STORE_ARGS mcp --agent AGENT} with {@code env} added, and initializes
   * the session.
   */
  static Connected connect(List<String> storeArgs, Map<String, String> env, String agent) {
    List<String> args = new ArrayList<>(storeArgs);
    args.addAll(List.of("mcp", "--agent", agent));
    StdioClientTransport transport =
        new StdioClientTransport(
            ServerParameters.builder(Launchers.ROOT.resolve("bin/queue").toString())
                .args(args)
                .env(env)
                .build(),
            McpJsonDefaults.getMapper());
    McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofMinutes(6))
            .initializationTimeout(Duration.ofMinutes(2))
            .build();
    client.initialize();
    return new Connected(client, serverOf(args));
  }

  // bin/queue execs the JVM, so the server is this JVM's child with the same arguments.
  private static ProcessHandle serverOf(List<String> args) {
    return ProcessHandle.current()
        .children()
        .filter(child -> endsWith(child.info().arguments().orElse(new String[0]), args))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no server process with arguments " + args));
  }

  private static boolean endsWith(String[] arguments, List<String> tail) {
    if (arguments.length < tail.size()) {
      return false;
    }
    List<String> all = List.of(arguments);
    return all.subList(all.size() - tail.size(), all.size()).equals(tail);
  }
}
