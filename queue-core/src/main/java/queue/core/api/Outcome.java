package queue.core.api;

import java.time.Instant;
import queue.core.model.Entry;
import queue.core.model.Transition;

/** How a delivery attempt ended, and so what it does to its entry: its {@link Transition}. */
public sealed interface Outcome {

  /** What this outcome does to its entry, settled at {@code now}: the same in every store. */
  Transition transition(Instant now);

  /** DELIVERED. */
  record Delivered() implements Outcome {
    @Override
    public Transition transition(Instant now) {
      return Transition.delivered(now);
    }
  }

  /** PENDING again, attempts + 1, not before {@code nextAttemptAt}, with the error kept. */
  record RetryLater(String error, Instant nextAttemptAt) implements Outcome {
    @Override
    public Transition transition(Instant now) {
      return Transition.retryLater(error, nextAttemptAt);
    }
  }

  /** FAILED for good, attempts + 1, with the error kept. */
  record Failed(String error) implements Outcome {
    @Override
    public Transition transition(Instant now) {
      return Transition.failed(error);
    }
  }

  /** FAILED ("expired") without an attempt: its TTL ran out before the delivery began. */
  record Expired() implements Outcome {
    @Override
    public Transition transition(Instant now) {
      return Transition.abandoned(Entry.EXPIRED_ERROR);
    }
  }
}
