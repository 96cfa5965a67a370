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
 */
public record Message(
    String id,
    String sender,
    String body,
    Instant createdAt,
    String idempotencyKey,
    List<String> recipients,
    Duration ttl) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
    recipients = List.copyOf(recipients);
  }
}
