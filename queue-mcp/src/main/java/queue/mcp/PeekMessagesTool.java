package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/**
 * {@code peek_messages}: what {@code fetch_messages} would take now, as {@code queue receive --peek
 * --json} (a pull agent) or {@code queue inbox --json} (an inbox agent) prints it, changing
 * nothing.
 */
final class PeekMessagesTool {
  static final String NAME = "peek_messages";

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100,
            "default": 10,
            "description": "At most this many messages (default 10)."
          }
        },
        "additionalProperties": false
      }
      """;

  private final Mailbox mailbox;
  private final String agent;

  PeekMessagesTool(Mailbox mailbox, String agent) {
    this.mailbox = mailbox;
    this.agent = agent;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    Tool tool =
        Tool.builder(NAME, json, SCHEMA)
            .title("Peek at my messages")
            .description(
                "Look at your ("
                    + agent
                    + ") messages waiting now, oldest first, WITHOUT taking them: they stay"
                    + " unread, and the next fetch_messages returns them. Use it to glance at what"
                    + " is waiting; use fetch_messages to take messages you will act on. Does not"
                    + " wait. Answers as fetch_messages does: {\"messages\": [{\"id\","
                    + " \"messageId\", \"from\", \"to\", \"body\", \"createdAt\","
                    + " \"attempt\", \"threadId\"}]}, with \"inReplyTo\" for a reply and"
                    + " \"notice\" for a non-delivery notice; empty when nothing is waiting.")
            .annotations(new ToolAnnotations("Peek at my messages", true, false, true, false, null))
            .build();
    return new SyncToolSpecification(
        tool, (exchange, request) -> call(new Arguments(request.arguments())));
  }

  CallToolResult call(Arguments arguments) {
    return ToolResults.answer(
        NAME,
        () -> {
          int limit = arguments.number("limit", 10, 1, FetchMessagesTool.MAX_LIMIT);
          return ToolResults.json(new FetchMessagesTool.Messages(mailbox.peek(limit)));
        });
  }
}
