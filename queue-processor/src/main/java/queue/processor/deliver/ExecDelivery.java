package queue.processor.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import queue.core.Durations;
import queue.core.api.Claim;

/**
 * Runs the agent's command, argv exactly as registered and never through a shell, with the entry
 * JSON on its stdin. Exit 0 is delivered; any other exit, a command that cannot start, or a timeout
 * (the command and its descendants are then killed) is retried. Its stdout and stderr, merged and
 * capped, go into the entry's last error.
 */
public final class ExecDelivery implements Delivery {
  /** How much of the command's output is kept for the entry's last error. */
  static final int MAX_OUTPUT_BYTES = 4096;

  private static final long DRAIN_WAIT_MILLIS = 200;

  private final Duration timeout;

  public ExecDelivery(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload) throws InterruptedException {
    String command = String.join(" ", claim.agent().exec());
    Process process;
    try {
      process = new ProcessBuilder(claim.agent().exec()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new DeliveryResult.Retry("cannot run '" + command + "': " + e.getMessage());
    }
    OutputCapture output = new OutputCapture(process.getInputStream(), MAX_OUTPUT_BYTES);
    pump(() -> writeStdin(process.getOutputStream(), payload), "exec-stdin");
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return new DeliveryResult.Retry(
            "'"
                + command
                + "' did not finish within "
                + Durations.format(timeout)
                + " and was killed"
                + output.describe(DRAIN_WAIT_MILLIS));
      }
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
    int exit = process.exitValue();
    if (exit == 0) {
      return DeliveryResult.delivered();
    }
    return new DeliveryResult.Retry(
        "'" + command + "' exited with " + exit + output.describe(DRAIN_WAIT_MILLIS));
  }

  // A command that does not read its stdin must not block the delivery: the write runs on its
  // own thread, and a closed pipe just ends it.
  private static void writeStdin(OutputStream stdin, byte[] payload) {
    try (stdin) {
      stdin.write(payload);
    } catch (IOException e) {
      // The command exited or closed stdin without reading it all; its exit code tells.
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  static Thread pump(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Reads a stream to its end on its own thread, keeping the first {@code cap} bytes. */
  static final class OutputCapture {
    private final byte[] kept;
    private int length;
    private final Thread reader;

    OutputCapture(InputStream stream, int cap) {
      this.kept = new byte[cap];
      this.reader = pump(() -> drain(stream), "exec-output");
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
        // The pipe closed under us (the process was killed): what was read is kept.
      }
    }

    /** ": <output>" for an error message, or "" if the command printed nothing. */
    String describe(long waitMillis) throws InterruptedException {
      // A descendant that survived may hold the pipe open: wait a little, not forever.
      reader.join(waitMillis);
      String text;
      synchronized (this) {
        text = new String(kept, 0, length, StandardCharsets.UTF_8).strip();
      }
      return text.isEmpty() ? "" : ": " + text;
    }
  }
}
