package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import queue.core.api.QueueStore;
import queue.core.error.Refusals;

/** {@code get_thread}: {@code queue thread ID --json}, as a tool. */
final class GetThreadTool {
  static final String NAME = "get_thread";

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "message_id": {
            "type": "string",
            "description": "Any message of the thread: its messageId, threadId or the id of one of its copies (fetch_messages' id), or a unique prefix of at least 8 characters of one."
          }
        },
        "required": ["message_id"],
        "additionalProperties": false
      }
      """;

  private final QueueStore store;

  GetThreadTool(QueueStore store) {
    this.store = store;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "Read a thread",
        "Read a whole conversation: every message of the thread of message_id, oldest"
            + " first, whoever sent it and whoever it went to, with each recipient's state"
            + " (PENDING, PROCESSING, DELIVERED, FAILED), so you see who has read what."
            + " Changes nothing: it takes no message of yours. Answers as 'queue thread"
            + " --json' does: {\"threadId\", \"messages\": [{\"messageId\","
            + " \"inReplyTo\", \"from\", \"createdAt\", \"body\", \"recipients\":"
            + " [{\"recipient\", \"state\"}]}]}.",
        true,
        this::call);
  }

  CallToolResult call(Arguments arguments) {
    return ToolResults.answer(
        NAME,
        () -> {
          String typed = arguments.required("message_id");
          return ToolResults.json(
              store.conversations().thread(typed).orElseThrow(() -> Refusals.noSuchMessage(typed)));
        });
  }
}
