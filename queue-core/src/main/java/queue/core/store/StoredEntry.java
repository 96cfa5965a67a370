package queue.core.store;

import java.time.Instant;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;

/**
 * An entry as {@code queue.json} stores it. What its message already says (the sender, the time it
 * was queued) is not repeated, nor a zero attempt count, a next attempt due when it was queued, or
 * an expiry its message's TTL gives: every save writes and every reader parses each live entry, so
 * its size is the cost.
 */
record StoredEntry(
    String id,
    String messageId,
    String recipient,
    long seq,
    EntryState state,
    Integer attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant deliveredAt,
    Instant expiresAt,
    String leaseOwner,
    Long leaseToken,
    Instant leaseExpiresAt) {

  static StoredEntry of(Entry entry, Message message) {
    return new StoredEntry(
        entry.id(),
        entry.messageId(),
        entry.recipient(),
        entry.seq(),
        entry.state(),
        entry.attempts() == 0 ? null : entry.attempts(),
        entry.nextAttemptAt().equals(entry.createdAt()) ? null : entry.nextAttemptAt(),
        entry.lastError(),
        entry.deliveredAt(),
        entry.expiresAt() == null || entry.expiresAt().equals(defaultExpiry(message))
            ? null
            : entry.expiresAt(),
        entry.leaseOwner(),
        entry.leaseToken() == 0 ? null : entry.leaseToken(),
        entry.leaseExpiresAt());
  }

  Entry toEntry(Message message) {
    return Entry.of(message, id, recipient, seq)
        .state(state)
        .attempts(attempts == null ? 0 : attempts)
        .nextAttemptAt(nextAttemptAt == null ? message.createdAt() : nextAttemptAt)
        .lastError(lastError)
        .deliveredAt(deliveredAt)
        .expiresAt(expiresAt == null ? defaultExpiry(message) : expiresAt)
        .lease(leaseOwner, leaseToken == null ? 0 : leaseToken, leaseExpiresAt)
        .build();
  }

  private static Instant defaultExpiry(Message message) {
    return message.ttl() == null ? null : message.createdAt().plus(message.ttl());
  }
}
