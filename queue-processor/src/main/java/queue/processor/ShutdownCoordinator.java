package queue.processor;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import queue.core.error.ExitCode;

/**
 * Turns SIGINT and SIGTERM into an orderly stop with exit 0. The JVM runs shutdown hooks on those
 * signals and would then exit with 128+signal; the hook instead stops the processor, waits for the
 * main thread to finish (outcomes saved, the rest handed back, registration closed) and halts with
 * the main thread's exit code. A main thread that has not finished by then (deliveries get the
 * grace, then the saves get it again, and a few seconds more) ends the process with exit 1 and one
 * line: the stop was not orderly. On a normal exit the main thread has recorded its code before the
 * hook runs.
 */
final class ShutdownCoordinator {
  private static final Duration EXTRA_WAIT = Duration.ofSeconds(5);

  private final CountDownLatch mainDone = new CountDownLatch(1);
  private final PrintStream err;
  private volatile int exitCode;
  private volatile Processor processor;
  private volatile Duration stopWait = Duration.ZERO;

  ShutdownCoordinator(PrintStream err) {
    this.err = err;
  }

  /**
   * Installs the hook. A signal before {@link #manage} exits 0 at once: nothing is claimed yet, and
   * a save the start-up may be making survives being cut short like any crash.
   */
  void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "shutdown"));
  }

  /** From now on a signal stops {@code running} in order before the process exits. */
  void manage(Processor running, Duration grace) {
    this.stopWait = grace.multipliedBy(2).plus(EXTRA_WAIT);
    this.processor = running;
  }

  /** The main thread is done: {@code code} is the exit code. */
  void exiting(int code) {
    exitCode = code;
    mainDone.countDown();
  }

  private void onShutdown() {
    Processor running = processor;
    if (mainDone.getCount() > 0 && running != null) {
      running.stop();
      try {
        if (!mainDone.await(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
          err.println(
              "queue-processor: did not stop within "
                  + stopWait.toSeconds()
                  + " s of the signal; exiting with 1, the leases still held will run out");
          err.flush();
          Runtime.getRuntime().halt(ExitCode.FAILED.code());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Runtime.getRuntime().halt(exitCode);
  }
}
