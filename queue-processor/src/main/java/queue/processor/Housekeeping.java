package queue.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Upkeep;

/** Moves delivered entries past retention to history, at most every half retention (1 s-1 min). */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration MIN_RETIRE_INTERVAL = Duration.ofSeconds(1);
  private static final Duration MAX_RETIRE_INTERVAL = Duration.ofMinutes(1);

  private final Upkeep upkeep;
  private final Duration retain;
  private final Clock clock;
  private Instant nextRetire = Instant.MIN;

  Housekeeping(Upkeep upkeep, Duration retain, Clock clock) {
    this.upkeep = upkeep;
    this.retain = retain;
    this.clock = clock;
  }

  /** Retires what is past retention, if it is time; a failing store throws and it stays due. */
  void retireIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRetire)) {
      return;
    }
    int retired = upkeep.retire(retain);
    nextRetire = now.plus(retireInterval());
    if (retired > 0) {
      log.info("moved {} delivered entries to history", retired);
    }
  }

  Instant nextRetire() {
    return nextRetire;
  }

  private Duration retireInterval() {
    Duration half = retain.dividedBy(2);
    if (half.compareTo(MIN_RETIRE_INTERVAL) < 0) {
      return MIN_RETIRE_INTERVAL;
    }
    return half.compareTo(MAX_RETIRE_INTERVAL) > 0 ? MAX_RETIRE_INTERVAL : half;
  }
}
