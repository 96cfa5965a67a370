package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.documents.SendDocument;
import queue.core.rules.SendRules;

/** {@code send_message}: {@code queue send --from NAME --json}, as a tool. */
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
            "description": "The recipients' agent names (see list_agents). Give this or broadcast."
          },
          "broadcast": {
            "type": "boolean",
            "description": "true to send to every registered agent, instead of to."
          },
          "body": {
            "type": "string",
            "description": "The message text (at most 1 MiB)."
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
    Tool tool =
        Tool.builder(NAME, json, SCHEMA)
            .title("Send a message")
            .description(
                "Send a message from you ("
                    + sender
                    + ") to other agents: to a list of agent names, or to every registered agent"
                    + " with broadcast. It is queued durably at once, one entry per recipient, all or"
                    + " none; each recipient gets it in the order it was sent. An unknown recipient"
                    + " refuses the whole send. Answers as 'queue send --json' does: {\"messageId\","
                    + " \"queued\", \"recipients\", \"duplicate\"}, and \"notBefore\" with a delay.")
            .annotations(new ToolAnnotations("Send a message", false, false, false, false, null))
            .build();
    return new SyncToolSpecification(
        tool, (exchange, request) -> call(new Arguments(request.arguments())));
  }

  CallToolResult call(Arguments arguments) {
    return ToolResults.answer(NAME, () -> send(arguments));
  }

  private CallToolResult send(Arguments arguments) {
    Duration delay = arguments.duration("delay");
    Duration ttl = arguments.duration("ttl");
    Instant notBefore = delay == null ? null : clock.instant().plus(delay);
    SendRules.requireTtlAfterDue(notBefore, ttl, clock);
    SendRequest request =
        new SendRequest(
            arguments.names("to"),
            arguments.flag("broadcast"),
            sender,
            arguments.text("body"),
            arguments.text("idempotency_key"),
            notBefore,
            ttl);
    SendRules.check(request);
    SendResult sent = store.sends().send(request);
    return ToolResults.json(SendDocument.queued(sent, notBefore));
  }
}
