package queue.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.QueueStore;

/** The loop's clockwork: when to move delivered entries to history, and how long to sleep. */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration MIN_RETIRE_INTERVAL = Duration.ofSeconds(1);
  private static final Duration MAX_RETIRE_INTERVAL = Duration.ofMinutes(1);

  private final QueueStore store;
  private final ProcessorConfig config;
  private final Clock clock;
  private Instant nextRetire = Instant.MIN;

  Housekeeping(QueueStore store, ProcessorConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** Retires delivered entries past retention, at most every half retention (1 s to 1 min). */
  void retireIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRetire)) {
      return;
    }
    nextRetire = now.plus(retireInterval());
    int retired = store.upkeep().retire(config.retain());
    if (retired > 0) {
      log.info("moved {} delivered entries to history", retired);
    }
  }

  /**
   * How long the loop may sleep: until the earliest retry or foreign lease expiry, at most the poll
   * interval. With every worker busy only a finished worker can make room, and it wakes the loop.
   */
  Duration untilNextDue(boolean workersFree) {
    Duration poll = config.pollInterval();
    if (!workersFree) {
      return poll;
    }
    Instant now = clock.instant();
    return store
        .leases()
        .nextDue(config.owner())
        .map(at -> Duration.between(now, at))
        .filter(wait -> wait.compareTo(poll) < 0)
        .orElse(poll);
  }

  private Duration retireInterval() {
    Duration half = config.retain().dividedBy(2);
    if (half.compareTo(MIN_RETIRE_INTERVAL) < 0) {
      return MIN_RETIRE_INTERVAL;
    }
    return half.compareTo(MAX_RETIRE_INTERVAL) > 0 ? MAX_RETIRE_INTERVAL : half;
  }
}
