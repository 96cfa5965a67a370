package queue.core.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import queue.core.api.Upkeep;
import queue.core.error.Refusals;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Snapshot;
import queue.core.rules.IdPrefixes;
import queue.core.snapshot.SnapshotStore.Result;

/** {@link Upkeep} over whole-state transactions, with retention into a {@link History}. */
final class SnapshotUpkeep implements Upkeep {
  private final SnapshotStore store;
  private final Clock clock;
  private final History history;

  SnapshotUpkeep(SnapshotStore store, Clock clock, History history) {
    this.store = store;
    this.clock = clock;
    this.history = history;
  }

  @Override
  public int retry(List<String> ids) {
    // Unknown ids are refused on an unlocked read first, so a refused retry touches no file.
    failedEntries(store.read(), ids);
    return store.update(current -> retryIn(current, failedEntries(current, ids)));
  }

  private static Set<String> failedEntries(Snapshot current, List<String> ids) {
    Set<String> registered = registered(current);
    List<String> known = new ArrayList<>();
    current.queue().messages().forEach(m -> known.add(m.id()));
    current.queue().entries().forEach(e -> known.add(e.id()));
    Set<String> chosen = new HashSet<>();
    for (String typed : new LinkedHashSet<>(ids)) {
      String id = IdPrefixes.resolve(typed, known, "entry or message");
      List<Entry> matches =
          id == null
              ? List.of()
              : current.queue().entries().stream()
                  .filter(e -> e.id().equals(id) || e.messageId().equals(id))
                  .toList();
      if (matches.isEmpty()) {
        throw Refusals.noSuchEntry(typed);
      }
      List<Entry> failed = matches.stream().filter(e -> e.state() == EntryState.FAILED).toList();
      if (failed.isEmpty()) {
        throw Refusals.nothingToRetry(typed, matches.get(0).state().name());
      }
      List<Entry> deliverable =
          failed.stream().filter(e -> registered.contains(e.recipient())).toList();
      if (deliverable.isEmpty()) {
        throw Refusals.retryForRemovedAgent(typed, failed.get(0).recipient());
      }
      deliverable.forEach(e -> chosen.add(e.id()));
    }
    return chosen;
  }

  @Override
  public int retryAll() {
    return store.update(
        current -> {
          Set<String> registered = registered(current);
          Set<String> chosen = new HashSet<>();
          current.queue().entries().stream()
              .filter(e -> e.state() == EntryState.FAILED && registered.contains(e.recipient()))
              .forEach(e -> chosen.add(e.id()));
          return retryIn(current, chosen);
        });
  }

  /** The agents a retried entry may be for: no store holds an unfinished entry for anyone else. */
  private static Set<String> registered(Snapshot current) {
    Set<String> names = new HashSet<>();
    current.agents().forEach(agent -> names.add(agent.name()));
    return names;
  }

  private Result<Integer> retryIn(Snapshot current, Set<String> ids) {
    Instant now = clock.instant();
    Map<String, Message> messages = current.queue().messagesById();
    Snapshot next =
        current.withQueue(
            current
                .queue()
                .mapEntries(
                    e ->
                        ids.contains(e.id())
                            ? e.retried(now, messages.get(e.messageId()).ttl())
                            : e));
    return new Result<>(next, ids.size());
  }

  @Override
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

  @Override
  public void checkpoint() {
    store.checkpoint();
  }

  /**
   * Appends the old delivered entries to history, then removes them, under one hold of the write
   * lock: the append is an effect outside the state, so it is never inside a transaction. A crash
   * between the two can write a line twice, never lose one.
   */
  @Override
  public int retire(Duration retain) {
    return store.exclusive(
        () -> {
          Snapshot current = store.read();
          Instant cutoff = clock.instant().minus(retain);
          List<History.Retired> old = new ArrayList<>();
          for (Entry entry : current.queue().entries()) {
            if (entry.state() == EntryState.DELIVERED && entry.deliveredAt().isBefore(cutoff)) {
              Message message = current.queue().message(entry.messageId()).orElseThrow();
              old.add(
                  new History.Retired(
                      entry, message.body(), message.threadId(), message.inReplyTo()));
            }
          }
          if (old.isEmpty()) {
            return 0;
          }
          history.append(old);
          Set<String> ids = new HashSet<>();
          old.forEach(v -> ids.add(v.entry().id()));
          return store.update(
              latest ->
                  new Result<>(latest.withQueue(latest.queue().withoutEntries(ids)), ids.size()));
        });
  }
}
