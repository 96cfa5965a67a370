package queue.processor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT and SIGTERM into an orderly stop with exit 0. The JVM runs shutdown hooks on those
 * signals and would then exit with 128+signal; the hook instead stops the processor, waits for the
 * main thread to finish (hand-backs saved, registration closed) and halts with the main thread's
 * exit code. On a normal exit the main thread has recorded its code before the hook runs.
 */
final class ShutdownCoordinator {
  private static final Duration EXTRA_WAIT = Duration.ofSeconds(5);

  private final CountDownLatch mainDone = new CountDownLatch(1);
  private volatile int exitCode;
  private volatile Processor processor;
  private volatile Duration stopWait = Duration.ZERO;

  /**
   * Installs the hook. A signal before {@link #manage} exits 0 at once: nothing is claimed yet, and
   * a save the start-up may be making survives being cut short like any crash.
   */
  void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "shutdown"));
  }

  /** From now on a signal stops {@code running} in order before the process exits. */
  void manage(Processor running, Duration grace) {
    // Deliveries get the grace, then the hand-back saves get it again.
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
        mainDone.await(stopWait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Runtime.getRuntime().halt(exitCode);
  }
}
