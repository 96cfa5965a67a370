package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.function.Function;

/** A tool as the SDK serves it: its name, input schema, title, description, hints and call. */
final class Tools {
  /** The {@code limit} argument of {@code fetch_messages} and {@code peek_messages}. */
  static final String LIMIT_PROPERTY =
      """
      "limit": {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 10,
        "description": "At most this many messages (default 10); fewer when their bodies pass 1 MiB in all (call again for the rest)."
      }""";

  private Tools() {}

  /**
   * @param readOnly true for a tool that changes nothing (and so is idempotent); every tool acts on
   *     the queue alone, no open world
   */
  static SyncToolSpecification specification(
      McpJsonMapper json,
      String name,
      String schema,
      String title,
      String description,
      boolean readOnly,
      Function<Arguments, CallToolResult> call) {
    Tool tool =
        Tool.builder(name, json, schema)
            .title(title)
            .description(description)
            .annotations(new ToolAnnotations(title, readOnly, false, readOnly, false, null))
            .build();
    return new SyncToolSpecification(
        tool, (exchange, request) -> call.apply(new Arguments(request.arguments())));
  }
}
