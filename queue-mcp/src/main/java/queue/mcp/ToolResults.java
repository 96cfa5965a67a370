package queue.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.QueueException;
import queue.core.json.Json;

/**
 * A tool's answer: JSON text as the command line prints it, or an error result with the command
 * line's one-line message. A failed call is a result, never a protocol error, so the agent reads
 * what went wrong and the server keeps serving.
 */
final class ToolResults {
  private static final Logger LOG = LoggerFactory.getLogger(ToolResults.class);

  private ToolResults() {}

  /** {@code document} as the command line's --json prints it. */
  static CallToolResult json(Object document) {
    return json(document, null);
  }

  /**
   * @param meta the result's {@code _meta}, or null for none
   */
  static CallToolResult json(Object document, Map<String, Object> meta) {
    return new CallToolResult(
        List.of(TextContent.builder(Json.outputMapper().writeValueAsString(document)).build()),
        false,
        null,
        meta);
  }

  static CallToolResult error(String message) {
    return new CallToolResult(List.of(TextContent.builder(message).build()), true, null, null);
  }

  /** Runs a tool's work; a failure becomes an error result with one line that says what to do. */
  static CallToolResult answer(String tool, Supplier<CallToolResult> work) {
    try {
      return work.get();
    } catch (QueueException e) {
      LOG.debug("{} failed", tool, e);
      return error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", tool, e);
      return error("unexpected error: " + e + " (run the server with --verbose for details)");
    }
  }
}
