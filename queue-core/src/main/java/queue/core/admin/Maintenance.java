package queue.core.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import queue.core.error.InvalidInputException;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Snapshot;
import queue.core.store.QueueStore;
import queue.core.store.QueueStore.Result;

/** Retry of FAILED entries, purge, and retention of delivered entries into history. */
public final class Maintenance {
  private final QueueStore store;
  private final Clock clock;
  private final HistoryLog history;

  public Maintenance(QueueStore store, Clock clock, HistoryLog history) {
    this.store = store;
    this.clock = clock;
    this.history = history;
  }

  /**
   * Moves the given FAILED entries back to PENDING, due now, with a fresh attempt budget. An id may
   * name an entry or a message (all its FAILED entries). Any id that matches nothing FAILED refuses
   * the whole command.
   */
  public int retry(List<String> ids) {
    // Unknown ids are refused on an unlocked read first, so a refused retry touches no file.
    failedEntries(store.read(), ids);
    return store.update(current -> retryIn(current, failedEntries(current, ids)));
  }

  private static Set<String> failedEntries(Snapshot current, List<String> ids) {
    Set<String> chosen = new HashSet<>();
    for (String id : new LinkedHashSet<>(ids)) {
      List<Entry> matches =
          current.queue().entries().stream()
              .filter(e -> e.id().equals(id) || e.messageId().equals(id))
              .toList();
      if (matches.isEmpty()) {
        throw new InvalidInputException("no entry or message with id " + id + "; see 'queue list'");
      }
      List<Entry> failed = matches.stream().filter(e -> e.state() == EntryState.FAILED).toList();
      if (failed.isEmpty()) {
        throw new InvalidInputException(
            id
                + " has no FAILED entry (it is "
                + matches.get(0).state()
                + "); only FAILED entries can be retried");
      }
      failed.forEach(e -> chosen.add(e.id()));
    }
    return chosen;
  }

  /** Moves every FAILED entry back to PENDING; returns how many. */
  public int retryAll() {
    return store.update(
        current -> {
          Set<String> chosen = new HashSet<>();
          current.queue().entries().stream()
              .filter(e -> e.state() == EntryState.FAILED)
              .forEach(e -> chosen.add(e.id()));
          return retryIn(current, chosen);
        });
  }

  private Result<Integer> retryIn(Snapshot current, Set<String> ids) {
    Instant now = clock.instant();
    Snapshot next =
        current.withQueue(
            current.queue().mapEntries(e -> ids.contains(e.id()) ? e.retried(now) : e));
    return new Result<>(next, ids.size());
  }

  /**
   * Removes entries in the given states (DELIVERED and FAILED when none are given) created before
   * {@code olderThan} ago (any age when null). The delivered counters keep counting.
   */
  public int purge(Set<EntryState> states, Duration olderThan) {
    Set<EntryState> targets =
        states.isEmpty() ? Set.of(EntryState.DELIVERED, EntryState.FAILED) : states;
    return store.update(
        current -> {
          Instant cutoff = olderThan == null ? null : clock.instant().minus(olderThan);
          Set<String> ids = new HashSet<>();
          for (Entry entry : current.queue().entries()) {
            if (targets.contains(entry.state())
                && (cutoff == null || entry.createdAt().isBefore(cutoff))) {
              ids.add(entry.id());
            }
          }
          return new Result<>(current.withQueue(current.queue().withoutEntries(ids)), ids.size());
        });
  }

  /**
   * Moves DELIVERED entries delivered more than {@code retain} ago into history, then out of {@code
   * queue.json}. Returns how many moved.
   */
  public int retire(Duration retain) {
    return store.update(
        current -> {
          Instant cutoff = clock.instant().minus(retain);
          List<Entry> old = new ArrayList<>();
          for (Entry entry : current.queue().entries()) {
            if (entry.state() == EntryState.DELIVERED && entry.deliveredAt().isBefore(cutoff)) {
              old.add(entry);
            }
          }
          if (old.isEmpty()) {
            return Result.unchanged(current, 0);
          }
          history.append(old, current.queue().messagesById());
          Set<String> ids = new HashSet<>();
          old.forEach(e -> ids.add(e.id()));
          return new Result<>(current.withQueue(current.queue().withoutEntries(ids)), old.size());
        });
  }
}
