package queue.cli.send;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import queue.cli.Json;
import queue.core.api.SendResult;
import queue.core.documents.SendDocument;
import queue.core.model.EntryState;

/** What {@code send} prints: the message id and count, and with --wait each recipient's outcome. */
final class SendReport {
  private final PrintWriter out;
  private final boolean json;

  SendReport(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

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
    Json.print(out, SendDocument.queued(sent, notBefore));
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

  private static SendDocument toJson(
      SendResult sent, Instant notBefore, DeliveryWait.Result result) {
    List<SendDocument.Outcome> outcomes =
        result.outcomes().stream()
            .map(o -> new SendDocument.Outcome(o.recipient(), o.state().name(), o.error()))
            .toList();
    return SendDocument.queued(sent, notBefore)
        .waited(
            result.count(EntryState.DELIVERED),
            result.count(EntryState.FAILED),
            result.unfinished(),
            outcomes,
            result.timedOut());
  }
}
