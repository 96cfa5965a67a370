package queue.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message as sent: its body is stored once however many recipients it has.
 *
 * @param idempotencyKey the sender's key, or null; a repeated key answers with this message
 * @param recipients the agents it was queued for, in the order given
 * @param ttl how long after {@code createdAt} an entry not yet delivered expires; null for never
 * @param threadId the conversation it belongs to: the id of the thread's first message, its own id
 *     when it starts one (a message kept before threads had none, and starts its own)
 * @param inReplyTo the id of the message it answers; null when it answers none
 * @param notice what it reports, when it is a non-delivery notice; null otherwise
 */
public record Message(
    String id,
    String sender,
    String body,
    Instant createdAt,
    String idempotencyKey,
    List<String> recipients,
    Duration ttl,
    String threadId,
    String inReplyTo,
    Notice notice) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
    recipients = List.copyOf(recipients);
    threadId = threadId == null ? id : threadId;
  }

  /** A message that starts a thread of its own and answers none. */
  public Message(
      String id,
      String sender,
      String body,
      Instant createdAt,
      String idempotencyKey,
      List<String> recipients,
      Duration ttl) {
    this(id, sender, body, createdAt, idempotencyKey, recipients, ttl, null, null, null);
  }

  /** This message in {@code thread}, answering {@code answered} (null for none). */
  public Message inThread(String thread, String answered) {
    return new Message(
        id, sender, body, createdAt, idempotencyKey, recipients, ttl, thread, answered, notice);
  }
}
