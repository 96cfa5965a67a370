package queue.core.lease;

import java.time.Instant;

/** How one delivery attempt ended. */
public sealed interface Outcome {

  /** The recipient has the entry. */
  record Delivered() implements Outcome {}

  /** A transient failure: try again at {@code nextAttemptAt}. */
  record RetryLater(String error, Instant nextAttemptAt) implements Outcome {}

  /** A permanent failure, or the last attempt failed: the entry becomes FAILED. */
  record Failed(String error) implements Outcome {}
}
