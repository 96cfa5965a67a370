package queue.core.model;

import java.time.Instant;
import java.util.ArrayList;
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
 * <p>Immutable. Its lists are {@link PersistentList}s, so a state made from another by a send or a
 * claim shares all but a few nodes with it: a change costs what it changes, not the queue's size.
 * For the same reason it carries what it knows about its live (PENDING or PROCESSING) entries from
 * the state it was made from ({@link Live}), so a claim looks at the live entries only, and stops
 * once every recipient that has any is decided.
 */
public final class QueueState {
  public static final QueueState EMPTY =
      new QueueState(1, 0, Map.of(), Map.of(), List.of(), List.of());

  private final long nextSeq;
  private final long lastKey;
  private final Map<String, Long> delivered;
  private final Map<String, Instant> lastDeliveredAt;
  private final PersistentList<Message> messages;
  private final PersistentList<Entry> entries;
  // Derived from the entries (so not part of the state's value): computed on first use, or carried
  // over from the state this one was made from. A later, sharper value may replace it: every value
  // is true of these entries.
  private transient volatile Live live;

  /**
   * @param nextSeq the sequence number the next entry gets
   * @param lastKey the key of the last id taken (see {@link queue.core.Ids})
   * @param lastDeliveredAt per agent, when an entry to it was last delivered
   */
  public QueueState(
      long nextSeq,
      long lastKey,
      Map<String, Long> delivered,
      Map<String, Instant> lastDeliveredAt,
      List<Message> messages,
      List<Entry> entries) {
    this.nextSeq = nextSeq;
    this.lastKey = lastKey;
    this.delivered = Map.copyOf(delivered);
    this.lastDeliveredAt = Map.copyOf(lastDeliveredAt);
    this.messages = PersistentList.copyOf(messages);
    this.entries = PersistentList.copyOf(entries);
  }

  /**
   * A state made from {@code before} (its lists changed by {@link PersistentList#with} and {@link
   * PersistentList#appended}, as a journal record's replay does): what {@code before} knew of its
   * live entries is carried over at the cost of what changed.
   */
  public static QueueState madeFrom(
      QueueState before,
      long nextSeq,
      long lastKey,
      Map<String, Long> delivered,
      Map<String, Instant> lastDeliveredAt,
      List<Message> messages,
      List<Entry> entries) {
    QueueState next =
        new QueueState(nextSeq, lastKey, delivered, lastDeliveredAt, messages, entries);
    next.live = Live.carried(before.live, before.entries, next.entries);
    return next;
  }

  public long nextSeq() {
    return nextSeq;
  }

  public long lastKey() {
    return lastKey;
  }

  public Map<String, Long> delivered() {
    return delivered;
  }

  public Map<String, Instant> lastDeliveredAt() {
    return lastDeliveredAt;
  }

  public List<Message> messages() {
    return messages;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** This state with {@code key} as the last key taken. */
  public QueueState withLastKey(long key) {
    return madeFrom(this, nextSeq, key, delivered, lastDeliveredAt, messages, entries);
  }

  public Map<String, Message> messagesById() {
    Map<String, Message> byId = new HashMap<>();
    for (Message message : messages) {
      byId.put(message.id(), message);
    }
    return byId;
  }

  /**
   * The message with this id. Messages are kept in the order their ids sort in (each id is taken
   * after the last), so it is found by a binary search; a state that breaks that order (edited by
   * hand) is searched through.
   */
  public Optional<Message> message(String id) {
    int low = 0;
    int high = messages.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int order = messages.get(mid).id().compareTo(id);
      if (order < 0) {
        low = mid + 1;
      } else if (order > 0) {
        high = mid - 1;
      } else {
        return Optional.of(messages.get(mid));
      }
    }
    return messages.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public Optional<Entry> entry(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /**
   * The places (indexes below both states' sizes) where this state holds other entry objects than
   * {@code before}, in order. A state made from {@code before} shares the unchanged parts of its
   * list with it, so this costs what changed, not the queue's size.
   */
  public List<Integer> placesChangedSince(QueueState before) {
    List<Integer> places = new ArrayList<>();
    entries.forEachDifference(before.entries, places::add);
    return places;
  }

  public long deliveredTo(String agent) {
    return delivered.getOrDefault(agent, 0L);
  }

  /**
   * Where the live entries start: every entry before this index is DELIVERED or FAILED. A claim, a
   * renewal or the end of a claim looks from here on.
   */
  public int firstLive() {
    Live known = live();
    int first = known.firstLive;
    while (first < entries.size() && entries.get(first).state().isTerminal()) {
      first++;
    }
    if (first != known.firstLive) {
      live = known.startingAt(first);
    }
    return first;
  }

  /** How many live entries each recipient has (recipients with none are left out). */
  public Map<String, Integer> liveByRecipient() {
    return live().counts;
  }

  /** False when no live entry can have run out of its TTL by {@code now}. */
  public boolean mayHaveExpiredBy(Instant now) {
    Instant earliest = live().earliestExpiry;
    return earliest != null && !earliest.isAfter(now);
  }

  private Live live() {
    Live known = live;
    if (known == null) {
      known = Live.of(entries, 0);
      live = known;
    }
    return known;
  }

  /**
   * This state with every entry passed through {@code change} (return the same to keep it). An
   * entry that becomes DELIVERED is counted, and its time kept as its agent's last delivery.
   */
  public QueueState mapEntries(UnaryOperator<Entry> change) {
    return mapEntriesFrom(0, change);
  }

  /**
   * The same for a change that leaves DELIVERED and FAILED entries as they are: only the live
   * entries are passed through it.
   */
  public QueueState mapLiveEntries(UnaryOperator<Entry> change) {
    int first = firstLive();
    QueueState next = mapEntriesFrom(first, e -> e.state().isTerminal() ? e : change.apply(e));
    next.live = Live.of(next.entries, first);
    return next;
  }

  private QueueState mapEntriesFrom(int first, UnaryOperator<Entry> change) {
    SortedMap<Integer, Entry> replaced = new TreeMap<>();
    for (int i = first; i < entries.size(); i++) {
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
   * by a later version of itself, counted as {@link #mapEntries} counts them.
   */
  public QueueState withEntriesAt(SortedMap<Integer, Entry> replaced) {
    if (replaced.isEmpty()) {
      return this;
    }
    PersistentList<Entry> changed = entries;
    Map<String, Long> counters = null;
    Map<String, Instant> lastDelivery = null;
    for (Map.Entry<Integer, Entry> place : replaced.entrySet()) {
      Entry entry = entries.get(place.getKey());
      Entry next = place.getValue();
      if (next.state() == EntryState.DELIVERED && entry.state() != EntryState.DELIVERED) {
        counters = counters == null ? new TreeMap<>(delivered) : counters;
        lastDelivery = lastDelivery == null ? new TreeMap<>(lastDeliveredAt) : lastDelivery;
        counters.merge(next.recipient(), 1L, Long::sum);
        lastDelivery.merge(next.recipient(), next.deliveredAt(), QueueState::later);
      }
      changed = changed.with(place.getKey(), next);
    }
    return madeFrom(
        this,
        nextSeq,
        lastKey,
        counters == null ? delivered : counters,
        lastDelivery == null ? lastDeliveredAt : lastDelivery,
        messages,
        changed);
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
    return madeFrom(
        this,
        nextSeq + newEntries.size(),
        key,
        delivered,
        lastDeliveredAt,
        messages.appended(message),
        entries.appendedAll(newEntries));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof QueueState that
        && nextSeq == that.nextSeq
        && lastKey == that.lastKey
        && delivered.equals(that.delivered)
        && lastDeliveredAt.equals(that.lastDeliveredAt)
        && messages.equals(that.messages)
        && entries.equals(that.entries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nextSeq, lastKey, delivered, lastDeliveredAt, messages, entries);
  }

  @Override
  public String toString() {
    return "QueueState[nextSeq="
        + nextSeq
        + ", lastKey="
        + lastKey
        + ", delivered="
        + delivered
        + ", lastDeliveredAt="
        + lastDeliveredAt
        + ", messages="
        + messages
        + ", entries="
        + entries
        + "]";
  }

  /**
   * What is known of the live entries: every entry before {@code firstLive} is DELIVERED or FAILED
   * (it may be lower than the first live one), how many live entries each recipient has (exact),
   * and a time no live entry's TTL runs out before (null when none has one).
   */
  private record Live(int firstLive, Map<String, Integer> counts, Instant earliestExpiry) {

    static Live of(List<Entry> entries, int from) {
      Map<String, Integer> counts = new HashMap<>();
      Instant earliest = null;
      int first = entries.size();
      for (int i = from; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        if (!entry.state().isTerminal()) {
          first = Math.min(first, i);
          counts.merge(entry.recipient(), 1, Integer::sum);
          earliest = earlier(earliest, entry.expiresAt());
        }
      }
      return new Live(first, Map.copyOf(counts), earliest);
    }

    /**
     * What {@code known} (of {@code before}) says of {@code after}, a list made from it by
     * replacing entries in place and appending; null when nothing was known, or {@code after} is
     * not such a list.
     */
    static Live carried(Live known, PersistentList<Entry> before, PersistentList<Entry> after) {
      if (known == null || after.size() < before.size()) {
        return null;
      }
      Live[] carried = {known};
      after.forEachDifference(
          before,
          i -> {
            Entry was = before.get(i);
            Entry now = after.get(i);
            carried[0] =
                carried[0] == null || !was.id().equals(now.id())
                    ? null
                    : carried[0].replacing(i, was, now);
          });
      for (int i = before.size(); i < after.size() && carried[0] != null; i++) {
        carried[0] = carried[0].adding(after.get(i));
      }
      return carried[0];
    }

    Live startingAt(int first) {
      return new Live(first, counts, earliestExpiry);
    }

    Live adding(Entry entry) {
      if (entry.state().isTerminal()) {
        return this;
      }
      return new Live(
          firstLive, counted(entry.recipient(), 1), earlier(earliestExpiry, entry.expiresAt()));
    }

    Live replacing(int index, Entry was, Entry now) {
      boolean wasLive = !was.state().isTerminal();
      boolean isLive = !now.state().isTerminal();
      if (!isLive) {
        return wasLive ? new Live(firstLive, counted(was.recipient(), -1), earliestExpiry) : this;
      }
      return new Live(
          Math.min(firstLive, index),
          wasLive ? counts : counted(now.recipient(), 1),
          earlier(earliestExpiry, now.expiresAt()));
    }

    private Map<String, Integer> counted(String recipient, int by) {
      Map<String, Integer> next = new HashMap<>(counts);
      next.merge(recipient, by, (a, b) -> a + b == 0 ? null : a + b);
      return Map.copyOf(next);
    }

    private static Instant earlier(Instant a, Instant b) {
      if (a == null) {
        return b;
      }
      return b == null || a.isBefore(b) ? a : b;
    }
  }
}
