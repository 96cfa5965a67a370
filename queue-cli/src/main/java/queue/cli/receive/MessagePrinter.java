package queue.cli.receive;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import queue.cli.Json;

/**
 * Prints messages for an agent: with --json one JSON document per line; else a line with the id,
 * time (UTC, to the second) and sender (and the message a reply answers), then the body with each
 * line indented by two spaces, so that a body's own blank lines never look like the end of a
 * message.
 */
final class MessagePrinter {
  private final PrintWriter out;
  private final boolean json;

  MessagePrinter(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /**
   * Prints one message and flushes it.
   *
   * @return false if it could not be written (stdout closed, a broken pipe): it was not received
   */
  boolean print(ShownMessage message) {
    if (json) {
      // The mapper is built only here: a plain receive never needs it.
      out.println(Json.mapper().writeValueAsString(message.document()));
    } else {
      out.println(
          message.id()
              + "  "
              + message.createdAt().truncatedTo(ChronoUnit.SECONDS)
              + "  from "
              + message.from()
              + (message.inReplyTo() == null ? "" : "  in reply to " + message.inReplyTo()));
      for (String line : message.body().split("\r?\n", -1)) {
        out.println("  " + line);
      }
    }
    // checkError flushes, and reports any write that failed since the stream was opened.
    return !out.checkError();
  }
}
