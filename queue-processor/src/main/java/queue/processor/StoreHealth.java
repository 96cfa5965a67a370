package queue.processor;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.QueueException;
import queue.processor.deliver.ErrorText;

/**
 * Whether the store answers, as the loop and the workers find it: one log line when it stops
 * answering and one when it is back, never one per try; and how long to wait before the next try,
 * from 100 ms doubling to 5 s. Thread-safe.
 */
final class StoreHealth {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

  private final String location;
  private boolean lost;
  private Duration backoff = FIRST_BACKOFF;

  StoreHealth(String location) {
    this.location = location;
  }

  /** A store call failed: the first failure after a success is logged. */
  synchronized void failed(RuntimeException failure) {
    if (!lost) {
      lost = true;
      log.warn(
          "lost the store {}: {}; retrying, the outcomes of deliveries are kept until it is back",
          location,
          reason(failure));
    }
  }

  /** The loop's store calls all worked: the first success after a failure is logged. */
  synchronized void answered() {
    if (lost) {
      lost = false;
      log.info("the store {} is back", location);
    }
    backoff = FIRST_BACKOFF;
  }

  private static String reason(RuntimeException failure) {
    return failure instanceof QueueException && failure.getMessage() != null
        ? ErrorText.oneLine(failure.getMessage())
        : ErrorText.describe(failure);
  }

  /** How long to wait before the next try; each call doubles the next, up to the cap. */
  synchronized Duration nextBackoff() {
    Duration wait = backoff;
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    return wait;
  }
}
