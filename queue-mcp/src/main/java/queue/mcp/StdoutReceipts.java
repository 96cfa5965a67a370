package queue.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stdout as the SDK's stdio transport writes to it, telling a tool when its result has been
 * written. The transport answers a request by putting the response on a queue that another thread
 * writes out later, and tells nobody when that happened; a result that takes messages must not
 * acknowledge them before. So a tool registers a receipt: a token it puts into its result's {@code
 * _meta}, and what to do once the line that carries it has been written. Each byte written here is
 * matched against the registered tokens; a token seen, then the end of its line, then a flush that
 * returned, runs its action (on the writer's thread, after the write). A write or flush that fails
 * runs nothing: what the result took stays taken until the server gives it back at shutdown.
 *
 * <p>Written means handed to the operating system: the bytes are in the pipe to the host, which is
 * as far as a process can know. A host that reads the answer and then drops it is not detected.
 *
 * <p>A token is {@code Q} and 32 hex digits: no proper prefix of it is also a suffix of it (its
 * first character occurs only there), so a byte-at-a-time match never has to back up.
 */
final class StdoutReceipts extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(StdoutReceipts.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OutputStream out;
  private final LongConsumer linesWritten;
  private final Object lock = new Object();
  private final List<Receipt> receipts = new ArrayList<>();
  private long linesUnflushed;

  /**
   * @param linesWritten told, after each flush, how many lines (each an answer or a notification)
   *     it wrote
   */
  StdoutReceipts(OutputStream out, LongConsumer linesWritten) {
    this.out = out;
    this.linesWritten = linesWritten;
  }

  /** One registered token and how far it has been matched. */
  private static final class Receipt {
    final byte[] token;
    final Runnable onWritten;
    int matched;
    boolean lineEnded;

    Receipt(byte[] token, Runnable onWritten) {
      this.token = token;
      this.onWritten = onWritten;
    }

    boolean seen() {
      return matched == token.length;
    }

    void next(byte b) {
      if (seen()) {
        lineEnded |= b == '\n';
      } else if (b == token[matched]) {
        matched++;
      } else {
        matched = b == token[0] ? 1 : 0;
      }
    }
  }

  /**
   * Registers {@code onWritten}, to run once a line carrying the returned token has been written.
   */
  String register(Runnable onWritten) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String token = "Q" + HexFormat.of().formatHex(random);
    synchronized (lock) {
      receipts.add(new Receipt(token.getBytes(StandardCharsets.US_ASCII), onWritten));
    }
    return token;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    observe(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    observe(bytes, offset, length);
  }

  // Only what the operating system took is matched: a write that threw never gets here.
  private void observe(byte[] bytes, int offset, int length) {
    synchronized (lock) {
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n') {
          linesUnflushed++;
        }
      }
      for (Receipt receipt : receipts) {
        for (int i = offset; i < offset + length && !receipt.lineEnded; i++) {
          receipt.next(bytes[i]);
        }
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
    long lines;
    synchronized (lock) {
      lines = linesUnflushed;
      linesUnflushed = 0;
    }
    linesWritten.accept(lines);
    for (Runnable action : written()) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("after a result was written: {}", e.getMessage(), e);
      }
    }
  }

  private List<Runnable> written() {
    List<Runnable> actions = new ArrayList<>();
    synchronized (lock) {
      for (Iterator<Receipt> it = receipts.iterator(); it.hasNext(); ) {
        Receipt receipt = it.next();
        if (receipt.lineEnded) {
          actions.add(receipt.onWritten);
          it.remove();
        }
      }
    }
    return actions;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
