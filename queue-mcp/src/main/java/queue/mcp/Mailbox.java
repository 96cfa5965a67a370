package queue.mcp;

import java.time.Duration;
import java.util.List;

/**
 * Where {@code fetch_messages} takes the agent's messages from: a pull agent's due entries, or an
 * inbox agent's unread files. What is taken is the caller's until it acknowledges it, once the
 * result that carries it was written; what was never acknowledged is given back by {@link #close}
 * (a pull agent's claims at once; an inbox agent's files simply stay in {@code new/}).
 */
interface Mailbox extends AutoCloseable {

  /**
   * The most characters of bodies one take hands out, unless its first message alone has more: an
   * answer that a host can use, and a server whose memory does not grow with {@code limit} times
   * the largest body. What is left waits for the next take, in order.
   */
  int MAX_BODY_CHARS = 1024 * 1024;

  /**
   * Takes up to {@code limit} of the oldest messages due now, as many as {@link #MAX_BODY_CHARS}
   * allows (at least one); none if nothing is due.
   */
  Taken take(int limit);

  /**
   * Up to {@code limit} of the oldest messages due now, as many as {@link #MAX_BODY_CHARS} allows
   * (at least one), as {@link #take} would, taking none.
   */
  List<Object> peek(int limit);

  /**
   * True while messages taken are not yet acknowledged and hold back the ones after them (a pull
   * agent's next entries wait for its head): a take now would find nothing though more are due.
   */
  boolean settling();

  /** Returns when new messages may have arrived, and after {@code atMost} in any case. */
  void await(Duration atMost) throws InterruptedException;

  /** Gives back what was taken and not acknowledged; takes nothing more. */
  @Override
  void close();

  /**
   * Messages taken, each as {@code receive --json} prints it, oldest first.
   *
   * @param acknowledge marks them received: run once the result carrying them was written
   */
  record Taken(List<Object> messages, Runnable acknowledge) {
    static final Taken NONE = new Taken(List.of(), () -> {});
  }
}
