package queue.core.snapshot;

import java.util.List;
import queue.core.api.EntryView;

/** Where retention moves delivered entries: durable before they leave the state. */
public interface History {

  /** Appends the entries; when it returns they are durable. */
  void append(List<EntryView> delivered);

  /** The retired entries of the messages whose id starts with {@code prefix}, in queue order. */
  List<EntryView> findByMessagePrefix(String prefix);
}
