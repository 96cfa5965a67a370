package queue.core.api;

import java.util.List;
import java.util.Optional;
import queue.core.model.EntryState;

/** Read-only answers; none of them takes a lock that a writer waits for. */
public interface Reports {

  /** Entries per state for each agent and in total, as {@code queue status} shows them. */
  StatusReport status();

  /**
   * Entries in queue order, filtered by state and agent (null for any), at most {@code limit} (0
   * for no limit).
   */
  List<EntryView> list(EntryState state, String agent, int limit);

  /**
   * Where each entry of a message is now, found by its id or a unique prefix of at least 8
   * characters, whether it is still queued or retention moved it to history. A prefix that matches
   * several messages is refused (exit 2).
   */
  Optional<MessageStatus> message(String idOrPrefix);

  /** The {@code limit} most recent messages still queued, newest first. */
  List<MessageStatus> recentMessages(int limit);
}
