package queue.cli.send;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import queue.cli.Json;
import queue.core.api.SendResult;
import queue.core.model.EntryState;

/** What {@code send} prints: the message id and count, and with --wait each recipient's outcome. */
final class SendReport {
  private final PrintWriter out;
  private final boolean json;

  SendReport(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /**
   * The answer of {@code send --json}; the counts and outcomes only with --wait.
   *
   * @param notBefore when a scheduled send falls due; absent for a send due at once
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SendJson(
      String messageId,
      int queued,
      List<String> recipients,
      boolean duplicate,
      String threadId,
      Instant notBefore,
      Long delivered,
      Long failed,
      Long pending,
      List<OutcomeJson> outcomes,
      Boolean timedOut) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OutcomeJson(String recipient, String state, String error) {}

  /** The message id and "queued for N/N agents"; nothing yet with --json. */
  void queued(SendResult sent, Instant notBefore) {
    if (json) {
      return;
    }
    int n = sent.recipients().size();
    out.println(sent.messageId());
    out.println(
        sent.duplicate()
            ? "duplicate idempotency key: already queued for "
                + n
                + "/"
                + n
                + " agents, nothing new queued"
            : "queued for "
                + n
                + "/"
                + n
                + " agents"
                + (notBefore == null ? "" : ", due " + notBefore));
    out.flush();
  }

  /** The JSON document of a send without --wait. */
  void queuedJson(SendResult sent, Instant notBefore) {
    Json.print(
        out,
        new SendJson(
            sent.messageId(),
            sent.recipients().size(),
            sent.recipients(),
            sent.duplicate(),
            sent.threadId(),
            notBefore,
            null,
            null,
            null,
            null,
            null));
  }

  /** Each recipient's outcome and "delivered N/N" (or the JSON document of the whole wait). */
  void waited(SendResult sent, Instant notBefore, DeliveryWait.Result result) {
    if (json) {
      Json.print(out, toJson(sent, notBefore, result));
      return;
    }
    int width = sent.recipients().stream().mapToInt(String::length).max().orElse(0);
    for (DeliveryWait.Outcome outcome : result.outcomes()) {
      out.printf(
          "  %-" + width + "s  %s%s%n",
          outcome.recipient(),
          outcome.state(),
          outcome.error() == null ? "" : "  (" + outcome.error() + ")");
    }
    long failed = result.count(EntryState.FAILED);
    out.printf(
        "delivered %d/%d%s%n",
        result.count(EntryState.DELIVERED),
        result.outcomes().size(),
        failed > 0 ? ", failed " + failed : "");
    out.flush();
  }

  private static SendJson toJson(SendResult sent, Instant notBefore, DeliveryWait.Result result) {
    List<OutcomeJson> outcomes =
        result.outcomes().stream()
            .map(o -> new OutcomeJson(o.recipient(), o.state().name(), o.error()))
            .toList();
    return new SendJson(
        sent.messageId(),
        sent.recipients().size(),
        sent.recipients(),
        sent.duplicate(),
        sent.threadId(),
        notBefore,
        result.count(EntryState.DELIVERED),
        result.count(EntryState.FAILED),
        result.unfinished(),
        outcomes,
        result.timedOut());
  }
}
