package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Stdin as the SDK's stdio transport reads it, holding back its end until every request read before
 * the end has been answered. The SDK ends the session as soon as its input ends and drops the
 * answers still being worked on, so a host that writes its requests and closes stdin (a script
 * piping a file of them) would get no answer at all. A request is a line with a {@code method} and
 * an {@code id}; each gets exactly one line in answer, which {@link StdoutReceipts} reports once
 * written.
 */
final class AnsweredInput extends InputStream {
  private final InputStream in;
  private final McpJsonMapper json;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final Object lock = new Object();
  private long requests;
  private long answers;
  private boolean closed;

  AnsweredInput(InputStream in, McpJsonMapper json) {
    this.in = in;
    this.json = json;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b == -1) {
      return end();
    }
    take((byte) b);
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int read = in.read(bytes, offset, length);
    if (read == -1) {
      int last = end();
      if (last != -1) {
        bytes[offset] = (byte) last;
        return 1;
      }
      return -1;
    }
    for (int i = offset; i < offset + read; i++) {
      take(bytes[i]);
    }
    return read;
  }

  /** {@code lines} more answers were written to stdout. */
  void answered(long lines) {
    synchronized (lock) {
      answers += lines;
      lock.notifyAll();
    }
  }

  /** Ends the wait for answers: the session is over, nothing more will be written. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  private void take(byte b) {
    if (b == '\n') {
      countIfRequest();
    } else {
      line.write(b);
    }
  }

  /**
   * At the end of stdin: a newline, if the last line lacks one (the SDK reads up to a newline, so
   * it would not see that request until the end is given), else -1 once every request is answered.
   */
  private int end() throws IOException {
    if (line.size() > 0) {
      countIfRequest();
      return '\n';
    }
    synchronized (lock) {
      while (answers < requests && !closed) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while answering the last requests", e);
        }
      }
    }
    return -1;
  }

  private void countIfRequest() {
    if (line.size() == 0) {
      return;
    }
    boolean request;
    try {
      Map<?, ?> message = json.readValue(line.toByteArray(), Map.class);
      request = message.containsKey("method") && message.get("id") != null;
    } catch (IOException | RuntimeException e) {
      request = false; // the SDK answers or refuses what it cannot read
    }
    line.reset();
    if (request) {
      synchronized (lock) {
        requests++;
      }
    }
  }
}
