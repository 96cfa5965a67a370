package queue.processor;

import java.time.Duration;

/** How the loop waits: until its next due time, or until something wakes it sooner. */
public interface Sleeper {

  /** Waits up to {@code timeout}; returns at once if woken since the last wait. */
  void sleep(Duration timeout) throws InterruptedException;

  /** Ends the current wait, or the next one if none runs now. */
  void wake();
}
