package queue.core.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.PersistentList;
import queue.core.model.QueueState;
import queue.core.model.StateRules;
import queue.core.store.StateCodec.RecordFile;

/**
 * A queue state brought forward by journal records. Its lists are persistent: a record costs what
 * it changes, not a copy of the state (a record that removes entries rebuilds them). Each record is
 * applied as {@link StateChange} says: its removals first, then each entry replaces the one with
 * its sequence number, or comes after the last one. A record that does not fit the state it follows
 * (an entry of an unknown message, a changed entry that is not the one at its place, an entry out
 * of order) is corruption, named by the record.
 */
final class Replay {
  private final QueueState start;
  private PersistentList<Entry> entries;
  private PersistentList<Message> messages;
  private Map<String, Long> delivered;
  private Map<String, Instant> lastDeliveredAt;
  private long nextSeq;
  private long lastKey;
  private long agentsStamp;
  private Map<String, Message> messageIndex;
  private boolean changed;

  Replay(QueueState start, long agentsStamp) {
    this.start = start;
    this.entries = PersistentList.copyOf(start.entries());
    this.messages = PersistentList.copyOf(start.messages());
    this.delivered = start.delivered();
    this.lastDeliveredAt = start.lastDeliveredAt();
    this.nextSeq = start.nextSeq();
    this.lastKey = start.lastKey();
    this.agentsStamp = agentsStamp;
  }

  /** Applies one record; {@code where} names the journal and the record in errors. */
  void apply(Path where, RecordFile record) {
    changed = true;
    removeMessages(record.removedMessages());
    removeEntries(record.removedEntries());
    Map<String, Message> added = new HashMap<>();
    long lastKeyAfter = record.lastKey() == null ? 0 : record.lastKey();
    for (Message message : record.messages()) {
      String problem = StateRules.problemOfAdded(message, lastKeyAfter);
      if (problem != null) {
        throw corrupt(where, problem);
      }
      messages = messages.appended(message);
      added.put(message.id(), message);
      if (messageIndex != null) {
        messageIndex.put(message.id(), message);
      }
    }
    for (StoredEntry stored : record.entries()) {
      put(where, stored, added, lastKeyAfter);
    }
    if (!record.delivered().isEmpty()) {
      delivered = merged(where, delivered, record.delivered());
    }
    if (!record.lastDeliveredAt().isEmpty()) {
      lastDeliveredAt = merged(where, lastDeliveredAt, record.lastDeliveredAt());
    }
    nextSeq = record.nextSeq();
    lastKey = record.lastKey() == null ? 0 : record.lastKey();
    agentsStamp = record.agentsStamp() == null ? 0 : record.agentsStamp();
  }

  long agentsStamp() {
    return agentsStamp;
  }

  /** The state after every record applied, or the state it started from when there was none. */
  QueueState result() {
    if (!changed) {
      return start;
    }
    return QueueState.madeFrom(
        start, nextSeq, lastKey, delivered, lastDeliveredAt, messages, entries);
  }

  private void put(Path where, StoredEntry stored, Map<String, Message> added, long lastKey) {
    int at = indexOfSeq(stored.seq());
    if (at >= 0) {
      Entry old = entries.get(at);
      if (!old.id().equals(stored.id())
          || !old.messageId().equals(stored.messageId())
          || !old.recipient().equals(stored.recipient())) {
        throw corrupt(where, "it changes entry " + stored.id() + " where " + old.id() + " is");
      }
      Entry changed = stored.toEntry(old.sender(), old.createdAt());
      check(where, StateRules.problemOfChanged(changed));
      entries = entries.with(at, changed);
      return;
    }
    if (!entries.isEmpty() && stored.seq() < entries.get(entries.size() - 1).seq()) {
      throw corrupt(where, "entry " + stored.id() + " is out of queue order");
    }
    Message message = added.get(stored.messageId());
    if (message == null) {
      message = index().get(stored.messageId());
    }
    if (message == null) {
      throw corrupt(
          where, "entry " + stored.id() + " refers to unknown message " + stored.messageId());
    }
    Entry entry = stored.toEntry(message.sender(), message.createdAt());
    check(where, StateRules.problemOfAdded(entry, message, lastKey));
    entries = entries.appended(entry);
  }

  private static void check(Path where, String problem) {
    if (problem != null) {
      throw corrupt(where, problem);
    }
  }

  // Entries are in queue order, so strictly increasing sequence numbers.
  private int indexOfSeq(long seq) {
    int low = 0;
    int high = entries.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long found = entries.get(mid).seq();
      if (found < seq) {
        low = mid + 1;
      } else if (found > seq) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private void removeEntries(List<String> ids) {
    if (!ids.isEmpty()) {
      Set<String> gone = new HashSet<>(ids);
      entries =
          PersistentList.copyOf(entries.stream().filter(e -> !gone.contains(e.id())).toList());
    }
  }

  private void removeMessages(List<String> ids) {
    if (!ids.isEmpty()) {
      Set<String> gone = new HashSet<>(ids);
      messages =
          PersistentList.copyOf(messages.stream().filter(m -> !gone.contains(m.id())).toList());
      if (messageIndex != null) {
        gone.forEach(messageIndex::remove);
      }
    }
  }

  // Built only for an entry whose message came in an earlier record or in queue.json.
  private Map<String, Message> index() {
    if (messageIndex == null) {
      messageIndex = new HashMap<>();
      for (Message message : messages) {
        messageIndex.put(message.id(), message);
      }
    }
    return messageIndex;
  }

  private static <V> Map<String, V> merged(
      Path where, Map<String, V> base, Map<String, V> changes) {
    Map<String, V> merged = new TreeMap<>(base);
    changes.forEach(
        (agent, value) -> {
          if (value == null) {
            throw corrupt(where, "the counter of " + agent + " is null");
          }
          merged.put(agent, value);
        });
    return merged;
  }

  private static RuntimeException corrupt(Path where, String problem) {
    return StateCodec.corrupt(where, problem, null);
  }
}
