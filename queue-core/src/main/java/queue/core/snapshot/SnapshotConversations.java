package queue.core.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import queue.core.api.Conversations;
import queue.core.api.DueEntry;
import queue.core.api.ThreadView;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.rules.Replies.Original;
import queue.core.snapshot.History.Retired;

/** {@link Conversations} from one unlocked snapshot each, and history. */
final class SnapshotConversations implements Conversations {
  private final SnapshotStore store;
  private final Clock clock;
  private final History history;
  private final MessageFinder finder;

  SnapshotConversations(SnapshotStore store, Clock clock, History history, MessageFinder finder) {
    this.store = store;
    this.clock = clock;
    this.history = history;
    this.finder = finder;
  }

  @Override
  public Optional<ThreadView> thread(String idOrPrefix) {
    QueueState queue = store.read().queue();
    Optional<Original> named = finder.find(queue, idOrPrefix);
    if (named.isEmpty()) {
      return Optional.empty();
    }
    String threadId = named.get().threadId();
    Map<String, Message> messages = queue.messagesById();
    List<ThreadView.Row> rows = new ArrayList<>();
    for (Entry entry : queue.entries()) {
      Message message = messages.get(entry.messageId());
      if (message.threadId().equals(threadId)) {
        rows.add(row(message.inReplyTo(), message.body(), entry, entry.state()));
      }
    }
    // Read after the queue: an entry retired in between is in one or the other, or in both.
    for (Retired retired : history.findByThread(threadId)) {
      rows.add(row(retired.inReplyTo(), retired.body(), retired.entry(), EntryState.DELIVERED));
    }
    return Optional.of(ThreadView.of(threadId, rows));
  }

  private static ThreadView.Row row(String inReplyTo, String body, Entry entry, EntryState state) {
    return new ThreadView.Row(
        entry.messageId(),
        inReplyTo,
        entry.sender(),
        entry.createdAt(),
        body,
        entry.id(),
        entry.recipient(),
        state);
  }

  @Override
  public List<DueEntry> peek(String agent, int limit) {
    QueueState queue = store.read().queue();
    Instant now = clock.instant();
    Map<String, Message> messages = null;
    List<DueEntry> due = new ArrayList<>();
    for (Entry entry : queue.entries()) {
      if (limit > 0 && due.size() == limit) {
        break;
      }
      if (entry.recipient().equals(agent) && entry.isClaimable(now)) {
        messages = messages == null ? queue.messagesById() : messages;
        due.add(new DueEntry(entry, messages.get(entry.messageId())));
      }
    }
    return due;
  }
}
