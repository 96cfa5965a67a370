package queue.processor.deliver;

import java.io.IOException;
import java.io.InputStream;

/**
 * A command's merged stdout and stderr, read to the end on a thread of its own (so the command
 * never blocks on a full pipe), of which the first bytes are kept for the entry's last error.
 */
final class CommandOutput {
  private final byte[] kept;
  private final Thread reader;
  private int length;

  CommandOutput(InputStream stream, int cap) {
    this.kept = new byte[cap];
    this.reader = ExecDelivery.background(() -> drain(stream), "exec-output");
  }

  private void drain(InputStream stream) {
    byte[] buffer = new byte[8192];
    try (stream) {
      int read;
      while ((read = stream.read(buffer)) >= 0) {
        synchronized (this) {
          int take = Math.min(read, kept.length - length);
          System.arraycopy(buffer, 0, kept, length, take);
          length += take;
        }
      }
    } catch (IOException e) {
      // The pipe closed under us (the command was killed): what was read is kept.
    }
  }

  /**
   * ": <output>" for an error message, as one line of valid text, or "" if the command printed
   * nothing.
   */
  String describe(long waitMillis) throws InterruptedException {
    // A process that escaped the kill may hold the pipe open: wait a little, not forever.
    reader.join(waitMillis);
    String text;
    synchronized (this) {
      text = ErrorText.fromBytes(kept, length);
    }
    return text.isEmpty() ? "" : ": " + text;
  }
}
