package queue.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The content of {@code queue.json}: messages (each body stored once), entries in the order they
 * were queued, and the per-agent delivered counters, which keep counting entries that retention has
 * moved to history.
 *
 * @param nextSeq the sequence number the next entry gets
 */
public record QueueState(
    long nextSeq, Map<String, Long> delivered, List<Message> messages, List<Entry> entries) {

  public static final QueueState EMPTY = new QueueState(1, Map.of(), List.of(), List.of());

  public QueueState {
    delivered = Map.copyOf(delivered);
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

  /** This state with every entry passed through {@code change} (return the same to keep it). */
  public QueueState mapEntries(UnaryOperator<Entry> change) {
    List<Entry> changed = new ArrayList<>(entries.size());
    Map<String, Long> counters = new TreeMap<>(delivered);
    boolean any = false;
    for (Entry entry : entries) {
      Entry next = change.apply(entry);
      if (next != entry) {
        any = true;
        if (next.state() == EntryState.DELIVERED && entry.state() != EntryState.DELIVERED) {
          counters.merge(next.recipient(), 1L, Long::sum);
        }
      }
      changed.add(next);
    }
    return any ? new QueueState(nextSeq, counters, messages, changed) : this;
  }

  /**
   * This state without the given entries, and without messages no entry refers to any more. The
   * delivered counters are kept as they are.
   */
  public QueueState withoutEntries(java.util.Set<String> entryIds) {
    if (entryIds.isEmpty()) {
      return this;
    }
    List<Entry> kept = new ArrayList<>(entries.size());
    java.util.Set<String> liveMessages = new java.util.HashSet<>();
    for (Entry entry : entries) {
      if (!entryIds.contains(entry.id())) {
        kept.add(entry);
        liveMessages.add(entry.messageId());
      }
    }
    List<Message> keptMessages =
        messages.stream().filter(m -> liveMessages.contains(m.id())).toList();
    return new QueueState(nextSeq, delivered, keptMessages, kept);
  }

  /** This state with one more message and its entries appended. */
  public QueueState withMessage(Message message, List<Entry> newEntries) {
    Objects.requireNonNull(message, "message");
    List<Message> allMessages = new ArrayList<>(messages);
    allMessages.add(message);
    List<Entry> allEntries = new ArrayList<>(entries);
    allEntries.addAll(newEntries);
    return new QueueState(nextSeq + newEntries.size(), delivered, allMessages, allEntries);
  }
}
