package queue.processor.claim;

import java.time.Instant;
import java.util.Optional;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.QueueState;

/**
 * When something may next become claimable without a new send: the earliest future retry time of a
 * PENDING entry, or lease expiry of an entry another processor holds. The loop sleeps until then
 * (or its poll interval, whichever is sooner) instead of polling fast for retries.
 */
public final class NextDue {
  private NextDue() {}

  public static Optional<Instant> after(QueueState queue, Instant now, String owner) {
    Instant earliest = null;
    for (Entry entry : queue.entries()) {
      Instant at = dueTime(entry, owner);
      if (at != null && at.isAfter(now) && (earliest == null || at.isBefore(earliest))) {
        earliest = at;
      }
    }
    return Optional.ofNullable(earliest);
  }

  private static Instant dueTime(Entry entry, String owner) {
    if (entry.state() == EntryState.PENDING) {
      return entry.nextAttemptAt();
    }
    if (entry.state() == EntryState.PROCESSING && !owner.equals(entry.leaseOwner())) {
      return entry.leaseExpiresAt();
    }
    return null;
  }
}
