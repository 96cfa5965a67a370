package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code fetch_messages}: takes the agent's next messages, as {@code queue receive --json} (a pull
 * agent) or {@code queue inbox --ack --json} (an inbox agent) would, waiting up to {@code
 * wait_seconds} for a first one. They are acknowledged only once the result that carries them has
 * been written to stdout (see {@link StdoutReceipts}).
 */
final class FetchMessagesTool {
  static final String NAME = "fetch_messages";
  static final int MAX_LIMIT = 100;
  static final int MAX_WAIT_SECONDS = 300;

  /** The key in a result's {@code _meta} of the token that tells when it was written. */
  static final String RECEIPT = "queue/receipt";

  // The longest wait between two looks: the wake-up signals may miss a change.
  private static final Duration POLL = Duration.ofMillis(500);

  // How long past its wait a fetch waits for the acknowledgement of an earlier answer, which
  // follows that answer's write by milliseconds: without it, a fetch right after another would
  // answer "nothing" while a pull agent's next messages wait behind the ones just written.
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          %s,
          "wait_seconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 300,
            "default": 0,
            "description": "If no message is waiting, wait up to this many seconds for a first one (default 0: answer at once)."
          }
        },
        "additionalProperties": false
      }
      """
          .formatted(Tools.LIMIT_PROPERTY);

  /** The result: the messages taken, oldest first. */
  record Messages(List<Object> messages) {}

  private final Mailbox mailbox;
  private final StdoutReceipts receipts;
  private final Clock clock;
  private final String agent;

  FetchMessagesTool(Mailbox mailbox, StdoutReceipts receipts, Clock clock, String agent) {
    this.mailbox = mailbox;
    this.receipts = receipts;
    this.clock = clock;
    this.agent = agent;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "Fetch my messages",
        "Take your ("
            + agent
            + ") next messages, oldest first, in the order they were sent. This TAKES"
            + " them: once this answer is written they count as received and no later call"
            + " returns them again, so act on every message returned. If none is waiting,"
            + " waits up to wait_seconds for a first one (use wait_seconds 60 when you are"
            + " waiting for an answer). To look without taking, use peek_messages. Answers"
            + " {\"messages\": [{\"id\", \"messageId\", \"from\", \"to\", \"body\","
            + " \"createdAt\", \"attempt\", \"threadId\"}]}, empty when nothing came;"
            + " \"inReplyTo\" names the message a reply answers (answer it with reply,"
            + " read its conversation with get_thread); \"notice\" {\"recipient\","
            + " \"state\", \"error\"} marks a notice from \"queue\" that a message of"
            + " yours could not be delivered to that recipient; \"attempt\" above 1 means"
            + " it was taken before and not received.",
        false,
        this::call);
  }

  CallToolResult call(Arguments arguments) {
    return ToolResults.answer(NAME, () -> fetch(arguments));
  }

  private CallToolResult fetch(Arguments arguments) {
    int limit = arguments.number("limit", 10, 1, MAX_LIMIT);
    int waitSeconds = arguments.number("wait_seconds", 0, 0, MAX_WAIT_SECONDS);
    Mailbox.Taken taken;
    try {
      taken = takeWaiting(limit, clock.instant().plusSeconds(waitSeconds));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResults.error("interrupted: the server is stopping; nothing was taken");
    }
    if (taken.messages().isEmpty()) {
      return ToolResults.json(new Messages(List.of()));
    }
    String receipt = receipts.register(taken.acknowledge());
    return ToolResults.json(new Messages(taken.messages()), Map.of(RECEIPT, receipt));
  }

  private Mailbox.Taken takeWaiting(int limit, Instant deadline) throws InterruptedException {
    Instant settled = deadline.plus(SETTLE);
    Mailbox.Taken taken = mailbox.take(limit);
    while (taken.messages().isEmpty()) {
      Instant now = clock.instant();
      boolean waiting = now.isBefore(deadline);
      if (!waiting && !(mailbox.settling() && now.isBefore(settled))) {
        return taken;
      }
      Duration left = Duration.between(now, waiting ? deadline : settled);
      mailbox.await(left.compareTo(POLL) < 0 ? left : POLL);
      taken = mailbox.take(limit);
    }
    return taken;
  }
}
