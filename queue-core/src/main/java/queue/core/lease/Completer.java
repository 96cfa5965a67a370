package queue.core.lease;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.model.Entry;
import queue.core.model.Snapshot;
import queue.core.store.QueueStore;
import queue.core.store.QueueStore.Result;

/**
 * Applies delivery outcomes, many in one save. An outcome is applied only while the entry still
 * carries the lease of the claim that delivered it: a processor whose lease expired and was taken
 * over loses the race, and its late result is skipped, not an error.
 */
public final class Completer {
  private static final Logger log = LoggerFactory.getLogger(Completer.class);

  private final QueueStore store;
  private final Clock clock;

  public Completer(QueueStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Applies the completions in one save; returns how many still held their lease. */
  public int complete(List<Completion> completions) {
    if (completions.isEmpty()) {
      return 0;
    }
    Map<String, Completion> byEntry = new HashMap<>();
    completions.forEach(c -> byEntry.put(c.entryId(), c));
    return store.update(current -> applyIn(current, byEntry));
  }

  private Result<Integer> applyIn(Snapshot current, Map<String, Completion> byEntry) {
    Instant now = clock.instant();
    int[] applied = {0};
    Snapshot next =
        current.withQueue(
            current
                .queue()
                .mapEntries(
                    e -> {
                      Completion completion = byEntry.get(e.id());
                      if (completion == null) {
                        return e;
                      }
                      if (!e.isLeasedBy(completion.leaseOwner())) {
                        log.debug(
                            "skipping the result for entry {}: its lease was taken over", e.id());
                        return e;
                      }
                      applied[0]++;
                      return apply(e, completion.outcome(), now);
                    }));
    return new Result<>(next, applied[0]);
  }

  private static Entry apply(Entry entry, Outcome outcome, Instant now) {
    // Java 17 has no pattern switch; the sealed interface keeps this list complete.
    if (outcome instanceof Outcome.RetryLater retry) {
      return entry.retryLater(retry.error(), retry.nextAttemptAt());
    }
    if (outcome instanceof Outcome.Failed failed) {
      return entry.failed(failed.error());
    }
    return entry.delivered(now);
  }
}
