package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

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
          %s
        },
        "additionalProperties": false
      }
      """
          .formatted(Tools.LIMIT_PROPERTY);

  private final Mailbox mailbox;
  private final String agent;

  PeekMessagesTool(Mailbox mailbox, String agent) {
    this.mailbox = mailbox;
    this.agent = agent;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "Peek at my messages",
        "Look at your ("
            + agent
            + ") messages waiting now, oldest first, WITHOUT taking them: they stay"
            + " unread, and the next fetch_messages returns them. Use it to glance at what"
            + " is waiting; use fetch_messages to take messages you will act on. Does not"
            + " wait. Answers as fetch_messages does: {\"messages\": [{\"id\","
            + " \"messageId\", \"from\", \"to\", \"body\", \"createdAt\","
            + " \"attempt\", \"threadId\"}]}, with \"inReplyTo\" for a reply and"
            + " \"notice\" for a non-delivery notice; empty when nothing is waiting.",
        true,
        this::call);
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
