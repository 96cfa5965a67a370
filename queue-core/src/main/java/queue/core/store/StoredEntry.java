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
 *
 * <p>In a journal record ({@link #ofRecord}) an expiry is always written: an entry there is
 * completed from the entry it replaces, or from its message, and the first knows no TTL.
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

  /** An entry as a journal record stores it: as {@link #of}, with its expiry always written. */
  static StoredEntry ofRecord(Entry entry) {
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
        entry.expiresAt(),
        entry.leaseOwner(),
        entry.leaseToken() == 0 ? null : entry.leaseToken(),
        entry.leaseExpiresAt());
  }

  Entry toEntry(Message message) {
    return completed(
        Entry.of(message, id, recipient, seq), message.createdAt(), defaultExpiry(message));
  }

  /** The entry of a journal record, completed with what its message says: sender and time. */
  Entry toEntry(String sender, Instant createdAt) {
    return completed(
        new Entry.Builder(id, messageId, recipient, sender, seq, createdAt), createdAt, null);
  }

  private Entry completed(Entry.Builder entry, Instant createdAt, Instant defaultExpiry) {
    return entry
        .state(state)
        .attempts(attempts == null ? 0 : attempts)
        .nextAttemptAt(nextAttemptAt == null ? createdAt : nextAttemptAt)
        .lastError(lastError)
        .deliveredAt(deliveredAt)
        .expiresAt(expiresAt == null ? defaultExpiry : expiresAt)
        .lease(leaseOwner, leaseToken == null ? 0 : leaseToken, leaseExpiresAt)
        .build();
  }

  private static Instant defaultExpiry(Message message) {
    return message.ttl() == null ? null : message.createdAt().plus(message.ttl());
  }
}
