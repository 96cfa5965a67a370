package queue.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.PersistentList;
import queue.core.model.QueueState;

/**
 * What one transaction changed in {@code queue.json}'s state: one journal record. It holds the
 * counters after the change ({@code nextSeq}, {@code lastKey}, the stamp of the {@code agents.json}
 * the state belongs with), the delivered counters that changed, the ids of the messages and entries
 * it removed, the messages it added, and the entries it added or changed, each whole. Applied to
 * the state before it (removals first, then each entry replaces the one with its sequence number or
 * comes after the last), it gives the state after it.
 *
 * <p>It is found by comparing the two states, whatever the transaction was: messages and entries
 * keep their order, an entry keeps its id and sequence number, so one walk over both lists finds
 * what differs. A change this cannot say (a counter removed, entries out of order) is {@code null},
 * and the whole state is saved instead.
 */
record StateChange(
    long nextSeq,
    long lastKey,
    long agentsStamp,
    Map<String, Long> delivered,
    Map<String, Instant> lastDeliveredAt,
    List<String> removedMessages,
    List<String> removedEntries,
    List<Message> messages,
    List<Entry> entries) {

  StateChange {
    delivered = Map.copyOf(delivered);
    lastDeliveredAt = Map.copyOf(lastDeliveredAt);
    removedMessages = List.copyOf(removedMessages);
    removedEntries = List.copyOf(removedEntries);
    messages = List.copyOf(messages);
    entries = List.copyOf(entries);
  }

  /**
   * The change that adds one message and its entries (a send), nothing else, to a state whose next
   * sequence number was {@code nextSeq}.
   */
  static StateChange added(
      long nextSeq, Message message, List<Entry> entries, long lastKey, long agentsStamp) {
    return new StateChange(
        nextSeq + entries.size(),
        lastKey,
        agentsStamp,
        Map.of(),
        Map.of(),
        List.of(),
        List.of(),
        List.of(message),
        entries);
  }

  /** The change from {@code before} to {@code after}, or null if a record cannot say it. */
  static StateChange between(QueueState before, QueueState after, long agentsStamp) {
    Map<String, Long> delivered = changedKeys(before.delivered(), after.delivered());
    Map<String, Instant> lastDeliveredAt =
        changedKeys(before.lastDeliveredAt(), after.lastDeliveredAt());
    Walk<Entry> entries = Walk.ofAppendedEntries(before.entries(), after.entries());
    if (entries == null) {
      entries = Walk.ofEntries(before.entries(), after.entries());
    }
    if (delivered == null || lastDeliveredAt == null || entries == null) {
      return null;
    }
    Walk<Message> messages = Walk.ofAppendedMessages(before.messages(), after.messages());
    if (messages == null) {
      messages = Walk.ofMessages(before.messages(), after.messages());
    }
    return new StateChange(
        after.nextSeq(),
        after.lastKey(),
        agentsStamp,
        delivered,
        lastDeliveredAt,
        messages.removed,
        entries.removed,
        messages.put,
        entries.put);
  }

  /** How many messages and entries it names: what its record's size grows with. */
  int size() {
    return removedMessages.size() + removedEntries.size() + messages.size() + entries.size();
  }

  // Counters only grow or change; one that disappeared cannot be said (and never happens).
  private static <V> Map<String, V> changedKeys(Map<String, V> before, Map<String, V> after) {
    if (before == after) {
      return Map.of();
    }
    if (!after.keySet().containsAll(before.keySet())) {
      return null;
    }
    Map<String, V> changed = new TreeMap<>();
    after.forEach(
        (key, value) -> {
          if (!Objects.equals(before.get(key), value)) {
            changed.put(key, value);
          }
        });
    return changed;
  }

  /**
   * One walk over a list before and after: what was removed (by id) and what was put (changed in
   * place, or added after what was kept). The ids of what is put come in the order of the list
   * after.
   */
  private static final class Walk<T> {
    final List<String> removed = new ArrayList<>();
    final List<T> put = new ArrayList<>();

    /**
     * The walk of a list {@code after} made from {@code before} by replacing entries in place and
     * appending: found by comparing the two lists' shared structure, at the cost of what changed.
     * Null when {@code after} is not such a list (entries were removed), for the whole walk.
     */
    static Walk<Entry> ofAppendedEntries(List<Entry> before, List<Entry> after) {
      if (after.size() < before.size()) {
        return null;
      }
      Walk<Entry> walk = new Walk<>();
      boolean[] inPlace = {true};
      PersistentList.copyOf(after)
          .forEachDifference(
              PersistentList.copyOf(before),
              i -> {
                Entry old = before.get(i);
                Entry now = after.get(i);
                if (!old.id().equals(now.id()) || old.seq() != now.seq()) {
                  inPlace[0] = false;
                } else if (!old.equals(now)) {
                  walk.put.add(now);
                }
              });
      if (!inPlace[0]) {
        return null;
      }
      long lastSeq = before.isEmpty() ? Long.MIN_VALUE : before.get(before.size() - 1).seq();
      for (Entry added : after.subList(before.size(), after.size())) {
        if (added.seq() <= lastSeq) {
          return null;
        }
        lastSeq = added.seq();
        walk.put.add(added);
      }
      return walk;
    }

    // Messages never change in place: only appended ones, or null for the whole walk.
    static Walk<Message> ofAppendedMessages(List<Message> before, List<Message> after) {
      if (after.size() < before.size()) {
        return null;
      }
      boolean[] same = {true};
      PersistentList.copyOf(after)
          .forEachDifference(
              PersistentList.copyOf(before), i -> same[0] &= before.get(i).equals(after.get(i)));
      if (!same[0]) {
        return null;
      }
      Walk<Message> walk = new Walk<>();
      walk.put.addAll(after.subList(before.size(), after.size()));
      return walk;
    }

    // A message never changes: one that differs is removed, and it and all after it put again.
    static Walk<Message> ofMessages(List<Message> before, List<Message> after) {
      Walk<Message> walk = new Walk<>();
      if (before == after) {
        return walk;
      }
      int i = 0;
      int j = 0;
      while (i < before.size() && j < after.size()) {
        if (before.get(i) == after.get(j) || before.get(i).equals(after.get(j))) {
          j++;
        } else {
          walk.removed.add(before.get(i).id());
        }
        i++;
      }
      for (; i < before.size(); i++) {
        walk.removed.add(before.get(i).id());
      }
      walk.put.addAll(after.subList(j, after.size()));
      return walk;
    }

    // An entry changes in place, keeping its id and sequence number; what comes after the last
    // one kept must come in queue order, so that a reader can place it by its sequence number.
    static Walk<Entry> ofEntries(List<Entry> before, List<Entry> after) {
      Walk<Entry> walk = new Walk<>();
      if (before == after) {
        return walk;
      }
      int i = 0;
      int j = 0;
      long lastSeq = Long.MIN_VALUE;
      while (i < before.size() && j < after.size()) {
        Entry old = before.get(i);
        Entry now = after.get(j);
        if (old == now || old.id().equals(now.id())) {
          if (old.seq() != now.seq()) {
            return null;
          }
          if (old != now && !old.equals(now)) {
            walk.put.add(now);
          }
          lastSeq = now.seq();
          j++;
        } else {
          walk.removed.add(old.id());
        }
        i++;
      }
      for (; i < before.size(); i++) {
        walk.removed.add(before.get(i).id());
      }
      for (; j < after.size(); j++) {
        Entry added = after.get(j);
        if (added.seq() <= lastSeq) {
          return null;
        }
        lastSeq = added.seq();
        walk.put.add(added);
      }
      return walk;
    }
  }
}
