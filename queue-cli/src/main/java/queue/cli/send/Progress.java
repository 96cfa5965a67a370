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
            "waiting: delivered %d/%d, failed %d, pending %d",
            result.count(EntryState.DELIVERED),
            result.outcomes().size(),
            result.count(EntryState.FAILED),
            result.unfinished());
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  void clear() {
    if (enabled && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      out.flush();
      lastLength = 0;
    }
  }
}
