package queue.processor.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import queue.core.api.QueueStore;

/**
 * The store read that every request shares: at most one per {@link #MAX_AGE}, however many browsers
 * and scrapers ask, so the load the page puts on the store does not grow with its viewers. Requests
 * that arrive while a read runs wait for it rather than start their own. Each fresh read also
 * samples the backlog for the chart. A failed read is not logged here: the processor's loop already
 * says so in its log, and the page and {@code /healthz} show it.
 */
final class StatusCache {
  static final Duration MAX_AGE = Duration.ofSeconds(1);
  static final int RECENT_MESSAGES = 10;

  private final QueueStore store;
  private final DeliveryHistory history;
  private final Clock clock;
  private Reading last;

  StatusCache(QueueStore store, DeliveryHistory history, Clock clock) {
    this.store = store;
    this.history = history;
    this.clock = clock;
  }

  /** The latest reading, read again if it is older than {@link #MAX_AGE}. */
  synchronized Reading current() {
    Instant now = clock.instant();
    if (last == null || !now.isBefore(last.at().plus(MAX_AGE)) || now.isBefore(last.at())) {
      last = read(now);
    }
    return last;
  }

  private Reading read(Instant now) {
    try {
      Reading reading =
          new Reading(
              now,
              store.reports().status(),
              store.liveness().running(),
              store.reports().recentMessages(RECENT_MESSAGES),
              null);
      history.sampleBacklog(now, reading.backlog());
      return reading;
    } catch (RuntimeException e) {
      return Reading.failed(now, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
