package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;

/** {@code reply}: {@code queue reply ID [--all] --from NAME --json}, as a tool. */
final class ReplyTool {
  static final String NAME = "reply";

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "message_id": {
            "type": "string",
            "description": "The message to answer: its messageId, or the id of your copy of it (fetch_messages' id), or a unique prefix of at least 8 characters of either."
          },
          "body": {
            "type": "string",
            "description": "The answer's text (at most 1 MiB)."
          },
          "all": {
            "type": "boolean",
            "description": "Optional. true to answer the message's sender and every other recipient of it (reply-all); default: the sender alone."
          }
        },
        "required": ["message_id", "body"],
        "additionalProperties": false
      }
      """;

  private final QueueStore store;
  private final String sender;

  /**
   * @param sender the agent this server serves: the one replying
   */
  ReplyTool(QueueStore store, String sender) {
    this.store = store;
    this.sender = sender;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "Reply to a message",
        "Answer a message you received, in its thread: the reply goes from you ("
            + sender
            + ") to the message's sender, or with all: true also to every other recipient"
            + " of it. It is queued durably at once; it carries the message's threadId and"
            + " names the message in inReplyTo, so get_thread shows the conversation. The"
            + " sender must be a registered agent (a message from a person at a terminal"
            + " cannot be answered this way: use send_message). Answers as 'queue reply"
            + " --json' does: {\"messageId\", \"queued\", \"recipients\","
            + " \"duplicate\", \"threadId\"}.",
        false,
        this::call);
  }

  CallToolResult call(Arguments arguments) {
    return ToolResults.answer(NAME, () -> reply(arguments));
  }

  private CallToolResult reply(Arguments arguments) {
    ReplyTo.Audience audience =
        arguments.flag("all") ? ReplyTo.Audience.EVERYONE : ReplyTo.Audience.SENDER;
    ReplyTo answered = new ReplyTo(arguments.required("message_id"), audience);
    return SendMessageTool.queue(
        store, SendRequest.reply(answered, sender, arguments.text("body")), null);
  }
}
