package queue.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The content of {@code queue.json}: messages (each body stored once), entries in the order they
 * were queued, and the per-agent delivered counters, which keep counting entries that retention has
 * moved to history.
 *
 * @param nextSeq the sequence number the next entry gets
 * @param lastKey the key of the last id taken (see {@link queue.core.Ids})
 * @param lastDeliveredAt per agent, when an entry to it was last delivered
 */
public record QueueState(
    long nextSeq,
    long lastKey,
    Map<String, Long> delivered,
    Map<String, Instant> lastDeliveredAt,
    List<Message> messages,
    List<Entry> entries) {

  public static final QueueState EMPTY =
      new QueueState(1, 0, Map.of(), Map.of(), List.of(), List.of());

  public QueueState {
    delivered = Map.copyOf(delivered);
    lastDeliveredAt = Map.copyOf(lastDeliveredAt);
    messages = List.copyOf(messages);
    entries = List.copyOf(entries);
  }

  public Map<String, Message> messagesById() {
    Map<String, Message> byId = new HashMap<>();
    for (Message message : messages) {
      byId.put(message.id(), message);
    }
    return byId;
  }

  public Optional<Entry> entry(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  public long deliveredTo(String agent) {
    return delivered.getOrDefault(agent, 0L);
  }

  /**
   * This state with every entry passed through {@code change} (return the same to keep it). An
   * entry that becomes DELIVERED is counted, and its time kept as its agent's last delivery.
   */
  public QueueState mapEntries(UnaryOperator<Entry> change) {
    SortedMap<Integer, Entry> replaced = new TreeMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      Entry next = change.apply(entry);
      if (next != entry) {
        replaced.put(i, next);
      }
    }
    return withEntriesAt(replaced);
  }

  /**
   * This state with the entries at the given places (indexes into {@link #entries}) replaced, each
   * by a later version of itself, counted as {@link #mapEntries} counts them: one copy of the list
   * whatever the number replaced, so that ending a few claims does not walk the whole queue again.
   */
  public QueueState withEntriesAt(SortedMap<Integer, Entry> replaced) {
    if (replaced.isEmpty()) {
      return this;
    }
    Entry[] changed = entries.toArray(new Entry[0]);
    Map<String, Long> counters = null;
    Map<String, Instant> lastDelivery = null;
    for (Map.Entry<Integer, Entry> place : replaced.entrySet()) {
      Entry entry = changed[place.getKey()];
      Entry next = place.getValue();
      if (next.state() == EntryState.DELIVERED && entry.state() != EntryState.DELIVERED) {
        counters = counters == null ? new TreeMap<>(delivered) : counters;
        lastDelivery = lastDelivery == null ? new TreeMap<>(lastDeliveredAt) : lastDelivery;
        counters.merge(next.recipient(), 1L, Long::sum);
        lastDelivery.merge(next.recipient(), next.deliveredAt(), QueueState::later);
      }
      changed[place.getKey()] = next;
    }
    return new QueueState(
        nextSeq,
        lastKey,
        counters == null ? delivered : counters,
        lastDelivery == null ? lastDeliveredAt : lastDelivery,
        messages,
        Arrays.asList(changed));
  }

  /**
   * This state without the given entries, and without messages no entry refers to any more. The
   * delivered counters are kept as they are.
   */
  public QueueState withoutEntries(Set<String> entryIds) {
    if (entryIds.isEmpty()) {
      return this;
    }
    List<Entry> kept = new ArrayList<>(entries.size());
    Set<String> liveMessages = new HashSet<>();
    for (Entry entry : entries) {
      if (!entryIds.contains(entry.id())) {
        kept.add(entry);
        liveMessages.add(entry.messageId());
      }
    }
    List<Message> keptMessages =
        messages.stream().filter(m -> liveMessages.contains(m.id())).toList();
    return new QueueState(nextSeq, lastKey, delivered, lastDeliveredAt, keptMessages, kept);
  }

  /** This state with one more message and its entries appended, its ids taken up to {@code key}. */
  public QueueState withMessage(Message message, List<Entry> newEntries, long key) {
    Objects.requireNonNull(message, "message");
    List<Message> allMessages = new ArrayList<>(messages);
    allMessages.add(message);
    List<Entry> allEntries = new ArrayList<>(entries);
    allEntries.addAll(newEntries);
    return new QueueState(
        nextSeq + newEntries.size(), key, delivered, lastDeliveredAt, allMessages, allEntries);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
