package queue.processor;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.ExitCode;
import queue.processor.deliver.ErrorText;

/**
 * What happens to a failure no code handled. An {@link Error} (out of memory, a stack overflow, a
 * class that cannot load) leaves nothing safe to do: one line on stderr and the process ends at
 * once with exit 1, skipping the shutdown hook, so a supervisor ({@code Restart=on-failure}) sees
 * the failure; the leases held run out as after a crash. Any other exception ends only its thread,
 * with one log line.
 */
final class FatalErrors {
  private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);

  private FatalErrors() {}

  /** Handles every uncaught failure of every thread of this process. */
  static void install(PrintStream err) {
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> handle(thread, failure, err));
  }

  static void handle(Thread thread, Throwable failure, PrintStream err) {
    if (!(failure instanceof Error)) {
      log.error("thread {} ended by {}", thread.getName(), ErrorText.describe(failure));
      return;
    }
    try {
      // Kept simple: the heap may be full, and this line must get out.
      err.println(
          "queue-processor: fatal error in thread "
              + thread.getName()
              + ", exiting with 1: "
              + failure);
      err.flush();
    } finally {
      Runtime.getRuntime().halt(ExitCode.FAILED.code());
    }
  }
}
