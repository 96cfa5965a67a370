package queue.cli.send;

import java.io.PrintWriter;
import queue.core.model.EntryState;

/** The one-line counter {@code send --wait} redraws on a terminal; silent anywhere else. */
final class Progress {
  private final PrintWriter out;
  private final boolean enabled;
  private int lastLength;

  Progress(PrintWriter out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  void show(DeliveryWait.Result result) {
    if (!enabled) {
      return;
    }
    String line =
        String.format(
            "waiting: delivered %d/%d, processing %d, pending %d, failed %d",
            result.count(EntryState.DELIVERED),
            result.outcomes().size(),
            result.count(EntryState.PROCESSING),
            result.count(EntryState.PENDING),
            result.count(EntryState.FAILED));
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  /** Blanks the line, so whatever is printed next starts on a clean one. */
  void clear() {
    if (enabled && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      out.flush();
      lastLength = 0;
    }
  }
}
