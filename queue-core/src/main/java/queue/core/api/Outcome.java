package queue.core.api;

import java.time.Instant;

/** How a delivery attempt changes its entry. */
public sealed interface Outcome {

  /** DELIVERED. */
  record Delivered() implements Outcome {}

  /** PENDING again, attempts + 1, not before {@code nextAttemptAt}, with the error kept. */
  record RetryLater(String error, Instant nextAttemptAt) implements Outcome {}

  /** FAILED for good, attempts + 1, with the error kept. */
  record Failed(String error) implements Outcome {}

  /** FAILED ("expired") without an attempt: its TTL ran out before the delivery began. */
  record Expired() implements Outcome {}
}
