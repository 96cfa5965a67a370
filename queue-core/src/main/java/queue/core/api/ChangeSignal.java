package queue.core.api;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a waiting command when the store signals a change, and at the latest after a poll interval:
 * the signal may miss changes (see {@link Changes}), so every wait is bounded.
 */
public final class ChangeSignal implements AutoCloseable {
  private final Semaphore changed = new Semaphore(0);
  private final Changes.Subscription subscription;

  public ChangeSignal(Changes changes) {
    this.subscription = changes.subscribe(changed::release);
  }

  /** Returns after the next change, or after {@code atMost}; changes signalled before count. */
  public void await(Duration atMost) throws InterruptedException {
    if (changed.tryAcquire(Math.max(0, atMost.toNanos()), TimeUnit.NANOSECONDS)) {
      changed.drainPermits();
    }
  }

  @Override
  public void close() {
    subscription.close();
  }
}
