package queue.core.snapshot;

import java.util.List;
import queue.core.api.EntryView;
import queue.core.model.Entry;

/** Where retention moves delivered entries: durable before they leave the state. */
public interface History {

  /** Appends the entries; when it returns they are durable. */
  void append(List<Retired> delivered);

  /** The retired entries of the messages whose id starts with {@code prefix}, in queue order. */
  List<Retired> findByMessagePrefix(String prefix);

  /**
   * The retired entries whose own id or whose message's id starts with {@code prefix}, in queue
   * order: what a user may name a message by.
   */
  List<Retired> findById(String prefix);

  /** The retired entries of the messages of thread {@code threadId}, in queue order. */
  List<Retired> findByThread(String threadId);

  /**
   * A delivered entry as history keeps it: the entry, its message's body, and where the message
   * stands in its conversation.
   *
   * @param threadId its message's thread
   * @param inReplyTo the message its message answers; null for none
   */
  record Retired(Entry entry, String body, String threadId, String inReplyTo) {

    public EntryView view() {
      return new EntryView(entry, body);
    }
  }
}
