package queue.core.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import queue.core.model.EntryState;

/** What operators and the processor do to keep a queue: retry, purge, retention. */
public interface Upkeep {

  /**
   * Moves the FAILED entries named by {@code ids} (each an entry or a message id, or a unique
   * prefix of one of at least 8 characters) back to PENDING, due now, with a fresh attempt budget
   * and a fresh TTL. An id that matches nothing FAILED refuses the whole command (exit 2).
   *
   * @return how many entries were retried
   */
  int retry(List<String> ids);

  /** Moves every FAILED entry back to PENDING; returns how many. */
  int retryAll();

  /**
   * Removes entries in {@code states} (DELIVERED and FAILED when empty) queued more than {@code
   * olderThan} ago (any age when null). The delivered counters keep counting.
   *
   * @return how many were removed
   */
  int purge(Set<EntryState> states, Duration olderThan);

  /**
   * Moves DELIVERED entries delivered more than {@code retain} ago to history. The delivered
   * counters keep counting them, and {@link Reports#message} still finds them.
   *
   * @return how many moved
   */
  int retire(Duration retain);

  /**
   * Writes the whole state into the store's snapshot, for a store that keeps its latest changes in
   * a log beside it: the file store folds {@code queue.json.journal} into {@code queue.json}, so
   * that {@code queue.json} alone holds everything (a processor does this when it stops). A store
   * without such a log has nothing to do.
   */
  void checkpoint();
}
