package queue.core.status;

import java.time.Instant;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;

/** An entry with its message's body, as {@code queue list} shows it. */
public record EntryView(
    String id,
    String messageId,
    String recipient,
    String sender,
    String body,
    Instant createdAt,
    EntryState state,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant deliveredAt,
    String leaseOwner,
    Instant leaseExpiresAt) {

  static EntryView of(Entry e, Message m) {
    return new EntryView(
        e.id(),
        e.messageId(),
        e.recipient(),
        e.sender(),
        m == null ? null : m.body(),
        e.createdAt(),
        e.state(),
        e.attempts(),
        e.nextAttemptAt(),
        e.lastError(),
        e.deliveredAt(),
        e.leaseOwner(),
        e.leaseExpiresAt());
  }
}
