package queue.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The real process: Logback or SLF4J's no-op provider, and a shutdown hook for signals. */
final class SystemProcess implements ProcessHooks {
  // Long enough to clear a progress line and print a line or two; short enough that nobody
  // reaches for a second Ctrl-C.
  private static final long LAST_WORDS_MILLIS = 2000;

  @Override
  public void setUpLogging(boolean verbose) {
    Logging.configure(verbose);
  }

  @Override
  public Interruptible interruptOnSignal() {
    Thread command = Thread.currentThread();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> interruptAndWait(command, done), "queue-signal");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      done.countDown();
      remove(hook);
    };
  }

  // The JVM halts once its hooks return: this one returns when the command has said its last
  // words (it closes its handle), or after a bound.
  private static void interruptAndWait(Thread command, CountDownLatch done) {
    command.interrupt();
    try {
      done.await(LAST_WORDS_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void remove(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The process is already shutting down: the hook runs and returns at once.
    }
  }
}
