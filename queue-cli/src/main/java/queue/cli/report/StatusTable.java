package queue.cli.report;

import java.io.PrintWriter;
import queue.cli.Table;
import queue.core.documents.StatusDocument;

/** The human form of {@code queue status}. */
final class StatusTable {
  private StatusTable() {}

  static void print(PrintWriter out, StatusDocument status) {
    Table table =
        new Table("AGENT", "PENDING#", "SCHEDULED#", "PROCESSING#", "DELIVERED#", "FAILED#");
    for (StatusDocument.AgentRow row : status.agents()) {
      table.row(
          row.name() + (row.registered() ? "" : " (removed)") + (row.paused() ? " (paused)" : ""),
          row.pending(),
          row.scheduled(),
          row.processing(),
          row.delivered(),
          row.failed());
    }
    StatusDocument.Totals t = status.totals();
    table.row("TOTAL", t.pending(), t.scheduled(), t.processing(), t.delivered(), t.failed());
    table.print(out);
    StatusDocument.Processor processor = status.processor();
    out.println(
        processor.running()
            ? "processor: running (pid " + join(processor) + ")"
            : "processor: not running (start one: queue-processor)");
    if (status.message() != null) {
      printMessage(out, status.message());
    }
    out.flush();
  }

  private static void printMessage(PrintWriter out, StatusDocument.MessageRow message) {
    out.println();
    out.println(
        "message "
            + message.messageId()
            + " from "
            + message.sender()
            + " at "
            + message.createdAt());
    Table table = new Table("RECIPIENT", "STATE", "ATTEMPTS#", "LAST ERROR");
    for (StatusDocument.RecipientRow r : message.recipients()) {
      table.row(r.recipient(), r.state(), r.attempts(), r.lastError() == null ? "" : r.lastError());
    }
    table.print(out);
  }

  private static String join(StatusDocument.Processor processor) {
    StringBuilder pids = new StringBuilder();
    for (Long pid : processor.pids()) {
      pids.append(pids.length() == 0 ? "" : ", ").append(pid);
    }
    return pids.toString();
  }
}
