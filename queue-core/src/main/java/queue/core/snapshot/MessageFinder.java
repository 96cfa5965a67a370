package queue.core.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import queue.core.Ids;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.rules.IdPrefixes;
import queue.core.rules.Replies.Original;
import queue.core.snapshot.History.Retired;

/**
 * Finds the message a user names, by its id or one of its entries' (or a unique prefix of 8 or more
 * characters), still queued or retired to history: what a reply answers and a thread is read from.
 * A message never changes once sent, so what is found stays true; it is looked up before a
 * transaction, never inside one (reading history is no part of the state).
 */
final class MessageFinder {
  private static final String WHAT = "message or entry";

  private final History history;

  MessageFinder(History history) {
    this.history = history;
  }

  Optional<Original> find(QueueState queue, String typed) {
    List<String> ids = new ArrayList<>(queue.messages().size() + queue.entries().size());
    queue.messages().forEach(m -> ids.add(m.id()));
    queue.entries().forEach(e -> ids.add(e.id()));
    String id = IdPrefixes.resolve(typed, ids, WHAT);
    if (id != null) {
      Map<String, Message> messages = queue.messagesById();
      Message message = messages.get(id);
      if (message == null) {
        message = messages.get(queue.entry(id).orElseThrow().messageId());
      }
      return Optional.of(
          new Original(message.id(), message.threadId(), message.sender(), message.recipients()));
    }
    return retired(Ids.requirePrefix(typed), typed);
  }

  // A message gone from the queue left with its last entry: all its entries are in history.
  private Optional<Original> retired(String prefix, String typed) {
    List<Retired> named = history.findById(prefix);
    Set<String> ids = new LinkedHashSet<>();
    for (Retired retired : named) {
      ids.add(retired.entry().id());
      ids.add(retired.entry().messageId());
    }
    String id = IdPrefixes.resolve(typed, List.copyOf(ids), WHAT);
    if (id == null) {
      return Optional.empty();
    }
    String messageId = id;
    for (Retired retired : named) {
      if (retired.entry().id().equals(id)) {
        messageId = retired.entry().messageId();
      }
    }
    return Optional.of(originalOf(messageId, history.findByMessagePrefix(messageId)));
  }

  private static Original originalOf(String messageId, List<Retired> entries) {
    List<Retired> ofMessage =
        entries.stream().filter(r -> r.entry().messageId().equals(messageId)).toList();
    Entry first = ofMessage.get(0).entry();
    List<String> recipients = ofMessage.stream().map(r -> r.entry().recipient()).toList();
    return new Original(messageId, ofMessage.get(0).threadId(), first.sender(), recipients);
  }
}
