package queue.core.api;

import java.util.Objects;

/**
 * The message a send answers, as a user names it, and whom the answer goes to. The answer takes the
 * message's thread, and names the message as the one it replies to.
 *
 * @param id the answered message's id or the id of one of its entries, or a unique prefix of at
 *     least 8 characters of either; a message that retention moved to history is found too
 */
public record ReplyTo(String id, Audience audience) {

  /** Whom a reply goes to. */
  public enum Audience {
    /** The recipients the send names ({@code send --reply-to ID --to ...|--broadcast}). */
    NAMED,
    /** The answered message's sender ({@code queue reply ID}). */
    SENDER,
    /**
     * The answered message's sender and all its recipients, except the one replying ({@code queue
     * reply ID --all}).
     */
    EVERYONE
  }

  public ReplyTo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(audience, "audience");
  }
}
