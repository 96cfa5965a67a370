package queue.processor.deliver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import queue.core.Durations;
import queue.core.Executables;
import queue.core.ShellWords;
import queue.core.api.Claim;

/**
 * Runs the agent's command, argv exactly as registered and never through a shell, with the entry
 * JSON on its stdin, in a process group of its own. Exit 0 is delivered; any other exit, a command
 * that cannot start, or a timeout is retried. At the end of every attempt, whatever the command
 * left running (background children included) is killed. Its stdout and stderr, merged, capped and
 * made one line of text, go into the entry's last error.
 */
public final class ExecDelivery implements Delivery {
  public static final String TRANSPORT = "exec";

  /** The target's field of the command and its arguments. */
  public static final String ARGV = "exec";

  /** How much of the command's output is read for the entry's last error. */
  static final int MAX_OUTPUT_BYTES = 4096;

  private static final long DRAIN_WAIT_MILLIS = 200;

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout)
      throws InterruptedException {
    List<String> argv = claim.agent().target().texts(ARGV);
    if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
      return new DeliveryResult.Permanent(
          "agent "
              + claim.agent().name()
              + ": its target's field '"
              + ARGV
              + "' must hold the command to run");
    }
    String command = ShellWords.quote(argv);
    String missing = missingProgram(argv.get(0));
    if (missing != null) {
      // Not there, or not runnable, on this host: no retry will find it; 'queue retry' once fixed.
      return new DeliveryResult.Permanent("cannot run " + command + ": " + missing);
    }
    Process process;
    try {
      process = new ProcessBuilder(ProcessGroup.leading(argv)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new DeliveryResult.Retry("cannot run " + command + ": " + ErrorText.describe(e));
    }
    CommandOutput output = new CommandOutput(process.getInputStream(), MAX_OUTPUT_BYTES);
    background(() -> writeStdin(process.getOutputStream(), payload), "exec-stdin");
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      ProcessGroup.killAll(process);
    }
    if (!finished) {
      return new DeliveryResult.Retry(
          command
              + " did not finish within "
              + Durations.format(timeout)
              + " and was killed"
              + output.describe(DRAIN_WAIT_MILLIS));
    }
    int exit = process.exitValue();
    if (exit == 0) {
      return DeliveryResult.delivered();
    }
    return new DeliveryResult.Retry(
        command + " exited with " + exit + output.describe(DRAIN_WAIT_MILLIS));
  }

  // Checked here, so that a missing program is reported as such rather than as the exit status of
  // the process-group wrapper; a bare name is looked up on this processor's PATH, as it runs.
  private static String missingProgram(String program) {
    try {
      return Executables.problem(program, System.getenv("PATH"));
    } catch (InvalidPathException e) {
      return "its path cannot be encoded for this system ("
          + e.getReason()
          + "); run the processor with -Dsun.jnu.encoding=UTF-8, as bin/queue-processor does";
    }
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

  static Thread background(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
