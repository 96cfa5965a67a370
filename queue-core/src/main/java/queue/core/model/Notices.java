package queue.core.model;

import java.time.Instant;
import java.util.List;

/**
 * The non-delivery notice, one rule for every store: when an entry becomes FAILED (its attempts ran
 * out, a permanent error, its TTL, its agent removed with {@code --force}) and its message's sender
 * is a registered agent other than that recipient, the transaction that failed it also queues a
 * notice to the sender. The notice is sent by {@value #SENDER}, in the message's thread, in reply
 * to it, with a body of one line naming the recipient and the error, and carries a {@link Notice}.
 * A notice never causes another: a failed entry of a notice owes nothing.
 *
 * <p>Each store applies it where an entry becomes FAILED: the file store with {@link Entry#after},
 * the PostgreSQL store with the UPDATE that writes a {@link Transition}'s fields.
 */
public final class Notices {
  /** The sender of every notice. */
  public static final String SENDER = "queue";

  private Notices() {}

  /**
   * True when {@code failed}, an entry of {@code message} that has just become FAILED, owes the
   * message's sender a notice.
   *
   * @param senderRegistered whether the message's sender is a registered agent now
   */
  public static boolean owed(Message message, Entry failed, boolean senderRegistered) {
    return failed.state() == EntryState.FAILED
        && message.notice() == null
        && senderRegistered
        && !message.sender().equals(failed.recipient());
  }

  /** The notice about {@code failed}, an entry of {@code message}: message {@code id}. */
  public static Message about(String id, Message message, Entry failed, Instant now) {
    String error = failed.lastError() == null ? "failed" : failed.lastError();
    return new Message(
        id,
        SENDER,
        "message "
            + message.id()
            + " could not be delivered to "
            + failed.recipient()
            + ": "
            + oneLine(error),
        now,
        null,
        List.of(message.sender()),
        null,
        message.threadId(),
        message.id(),
        new Notice(failed.recipient(), EntryState.FAILED, error));
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
