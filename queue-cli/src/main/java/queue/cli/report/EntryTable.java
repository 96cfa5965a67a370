package queue.cli.report;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import queue.cli.Table;
import queue.core.api.EntryView;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/**
 * The human form of {@code queue list}, at most 100 columns: what an operator needs to tell a new
 * PENDING entry from one waiting for its retry (attempts, next due time, last error).
 */
final class EntryTable {
  static final int WIDTH = 100;
  private static final int RECIPIENT_WIDTH = 16;
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private EntryTable() {}

  static void print(PrintWriter out, List<EntryView> entries, Instant now) {
    Table table =
        new Table(
            "ENTRY", "MESSAGE", "STATE", "RECIPIENT", "TRY#", "CREATED(UTC)", "NEXT", "DETAIL");
    for (EntryView view : entries) {
      Entry e = view.entry();
      table.row(
          e.id(),
          e.messageId(),
          e.state(),
          Table.shorten(e.recipient(), RECIPIENT_WIDTH),
          e.attempts(),
          CREATED.format(e.createdAt()),
          next(e, now),
          detail(view));
    }
    table.print(out, WIDTH);
  }

  /** When a PENDING entry is due: "now", or "in 5m" for a retry or a scheduled send. */
  static String next(Entry entry, Instant now) {
    if (entry.state() != EntryState.PENDING) {
      return "-";
    }
    Duration left = Duration.between(now, entry.nextAttemptAt());
    return left.isNegative() || left.isZero() ? "now" : "in " + roundedUp(left);
  }

  private static String roundedUp(Duration left) {
    long seconds = (left.toMillis() + 999) / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds + 59) / 60 + "m";
    }
    if (seconds < 86_400) {
      return (seconds + 3599) / 3600 + "h";
    }
    return (seconds + 86_399) / 86_400 + "d";
  }

  // The last error tells why an entry is not delivered yet; otherwise the body says which it is.
  private static String detail(EntryView view) {
    Entry e = view.entry();
    if (e.lastError() != null && e.state() != EntryState.DELIVERED) {
      return "error: " + oneLine(e.lastError());
    }
    return view.body() == null ? "" : oneLine(view.body());
  }

  private static String oneLine(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
  }
}
