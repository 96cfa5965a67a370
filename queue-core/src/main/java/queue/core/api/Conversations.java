package queue.core.api;

import java.util.List;
import java.util.Optional;

/**
 * What agents read of their conversations, without a lock that a writer waits for and without
 * changing anything. Replies are sends ({@link SendRequest#replyTo}).
 */
public interface Conversations {

  /**
   * Every message of the thread of the message {@code idOrPrefix} names (a message id or the id of
   * one of its entries, or a unique prefix of at least 8 characters of either), oldest first, with
   * each recipient's state; messages that retention moved to history are included. Empty when no
   * message has that id; a prefix that matches several is refused (exit 2).
   */
  Optional<ThreadView> thread(String idOrPrefix);

  /**
   * A pull agent's messages that are due now, oldest first, as {@code receive} would print them, at
   * most {@code limit} (0 for no limit): the entries a claim could take, without claiming or
   * changing them.
   */
  List<DueEntry> peek(String agent, int limit);
}
