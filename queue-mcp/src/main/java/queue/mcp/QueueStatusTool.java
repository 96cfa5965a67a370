package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import queue.core.api.QueueStore;
import queue.core.documents.StatusDocument;

/** {@code queue_status}: {@code queue status --json}, as a tool. */
final class QueueStatusTool {
  static final String NAME = "queue_status";

  private static final String SCHEMA =
      """
      {"type": "object", "properties": {}, "additionalProperties": false}
      """;

  private final QueueStore store;

  QueueStatusTool(QueueStore store) {
    this.store = store;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "Queue status",
        "The queue's state now, as 'queue status --json' prints it: entries per state in"
            + " total and for each agent (pending, processing, delivered, failed,"
            + " scheduled), which agents are paused, and whether a processor is running to"
            + " deliver to inbox, http and exec agents. Changes nothing.",
        true,
        arguments -> call());
  }

  CallToolResult call() {
    return ToolResults.answer(
        NAME,
        () ->
            ToolResults.json(
                StatusDocument.of(store.reports().status(), store.liveness().running(), null)));
  }
}
