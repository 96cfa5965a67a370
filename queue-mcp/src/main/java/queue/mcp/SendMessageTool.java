package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.documents.SendDocument;
import queue.core.rules.SendRules;

/**
 * {@code send_message}: {@code queue send --from NAME --json}, as a tool, with {@code --reply-to}
 * and {@code --include-self}.
 */
final class SendMessageTool {
  static final String NAME = "send_message";

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "to": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The recipients: agent names, and @GROUP for every member of a group (see list_agents), for example backend and @reviewers. Give this or broadcast."
          },
          "broadcast": {
            "type": "boolean",
            "description": "true to send to every registered agent but you, instead of to."
          },
          "include_self": {
            "type": "boolean",
            "description": "Optional, with broadcast: true to receive your own broadcast too."
          },
          "body": {
            "type": "string",
            "description": "The message text (at most 1 MiB)."
          },
          "reply_to": {
            "type": "string",
            "description": "Optional. The id of a message this one answers (its messageId or id): the message joins that message's thread (threadId) and names it in inReplyTo. To answer the sender alone, the reply tool is simpler."
          },
          "idempotency_key": {
            "type": "string",
            "description": "Optional. A key you choose: sending again with the same key queues nothing new and answers with the first message's id (duplicate: true)."
          },
          "delay": {
            "type": "string",
            "description": "Optional. Not delivered before this long from now: 500ms, 10s, 5m, 1h, 7d."
          },
          "ttl": {
            "type": "string",
            "description": "Optional. A recipient that has not received it this long after the send never will (it fails as expired): 10s, 5m, 1h, 7d."
          }
        },
        "required": ["body"],
        "additionalProperties": false
      }
      """;

  private final QueueStore store;
  private final String sender;
  private final Clock clock;

  /**
   * @param sender the agent this server serves: every message it sends is from it
   */
  SendMessageTool(QueueStore store, String sender, Clock clock) {
    this.store = store;
    this.sender = sender;
    this.clock = clock;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "Send a message",
        "Send a message from you ("
            + sender
            + ") to other agents: to agent names and @groups (to), or to every registered"
            + " agent but you (broadcast). It is queued durably at once, one entry per"
            + " recipient, all or none; each recipient gets your messages in the order you"
            + " sent them. An unknown recipient or group refuses the whole send. With"
            + " reply_to it answers a message, in its thread. Answers as 'queue send --json'"
            + " does: {\"messageId\", \"queued\", \"recipients\", \"duplicate\","
            + " \"threadId\"}, and \"notBefore\" with a delay. A recipient that cannot get"
            + " it sends you a notice (from \"queue\") that fetch_messages returns.",
        false,
        this::call);
  }

  CallToolResult call(Arguments arguments) {
    return ToolResults.answer(NAME, () -> send(arguments));
  }

  private CallToolResult send(Arguments arguments) {
    Duration delay = arguments.duration("delay");
    Duration ttl = arguments.duration("ttl");
    Instant notBefore = delay == null ? null : clock.instant().plus(delay);
    SendRules.requireTtlAfterDue(notBefore, ttl, clock);
    String replyTo = arguments.text("reply_to");
    SendRequest request =
        new SendRequest(
                arguments.names("to"),
                arguments.flag("broadcast"),
                sender,
                arguments.text("body"),
                arguments.text("idempotency_key"),
                notBefore,
                ttl)
            .withIncludeSelf(arguments.flag("include_self"))
            .withReplyTo(replyTo == null ? null : new ReplyTo(replyTo, ReplyTo.Audience.NAMED));
    return queue(store, request, notBefore);
  }

  /**
   * Checks and queues {@code request}: the answer of {@code send --json} and {@code reply --json}.
   */
  static CallToolResult queue(QueueStore store, SendRequest request, Instant notBefore) {
    SendRules.check(request);
    SendResult sent = store.sends().send(request);
    return ToolResults.json(SendDocument.queued(sent, notBefore));
  }
}
