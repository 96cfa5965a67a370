package queue.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One (message, recipient) pair and its delivery state. Immutable: every transition returns a new
 * entry.
 *
 * @param seq the queue-wide order in which entries were queued; per-recipient FIFO follows it
 * @param attempts delivery attempts that ended (delivered, failed or to be retried)
 * @param leaseOwner the claim that holds a PROCESSING entry; null in every other state
 */
public record Entry(
    String id,
    String messageId,
    String recipient,
    String sender,
    long seq,
    Instant createdAt,
    EntryState state,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant deliveredAt,
    String leaseOwner,
    Instant leaseExpiresAt) {

  public Entry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
  }

  /** A new entry of {@code message}, queued when the message was, due at once. */
  public static Entry queued(String id, Message message, String recipient, long seq) {
    return new Entry(
        id,
        message.id(),
        recipient,
        message.sender(),
        seq,
        message.createdAt(),
        EntryState.PENDING,
        0,
        message.createdAt(),
        null,
        null,
        null,
        null);
  }

  /** True when a claim at {@code now} may take this entry. */
  public boolean isClaimable(Instant now) {
    return switch (state) {
      case PENDING -> !nextAttemptAt.isAfter(now);
      case PROCESSING -> !leaseExpiresAt.isAfter(now);
      case DELIVERED, FAILED -> false;
    };
  }

  public boolean isLeasedBy(String owner) {
    return state == EntryState.PROCESSING && owner.equals(leaseOwner);
  }

  public Entry claimed(String owner, Instant leaseUntil) {
    return with(EntryState.PROCESSING, attempts, nextAttemptAt, lastError, null, owner, leaseUntil);
  }

  public Entry leaseRenewed(Instant leaseUntil) {
    return with(state, attempts, nextAttemptAt, lastError, null, leaseOwner, leaseUntil);
  }

  public Entry delivered(Instant at) {
    return with(EntryState.DELIVERED, attempts + 1, nextAttemptAt, lastError, at, null, null);
  }

  public Entry retryLater(String error, Instant at) {
    return with(EntryState.PENDING, attempts + 1, at, error, null, null, null);
  }

  public Entry failed(String error) {
    return with(EntryState.FAILED, attempts + 1, nextAttemptAt, error, null, null, null);
  }

  /** PENDING again with a fresh attempt budget, due at {@code now} (`queue retry`). */
  public Entry retried(Instant now) {
    return with(EntryState.PENDING, 0, now, lastError, null, null, null);
  }

  /** FAILED without counting an attempt: given up, not tried (its agent was removed). */
  public Entry abandoned(String error) {
    return with(EntryState.FAILED, attempts, nextAttemptAt, error, null, null, null);
  }

  /** Back to PENDING without counting an attempt, due at {@code now} (shutdown, `retry`). */
  public Entry pendingAgain(Instant now) {
    return with(EntryState.PENDING, attempts, now, lastError, null, null, null);
  }

  private Entry with(
      EntryState newState,
      int newAttempts,
      Instant newNextAttemptAt,
      String newLastError,
      Instant newDeliveredAt,
      String newLeaseOwner,
      Instant newLeaseExpiresAt) {
    return new Entry(
        id,
        messageId,
        recipient,
        sender,
        seq,
        createdAt,
        newState,
        newAttempts,
        newNextAttemptAt,
        newLastError,
        newDeliveredAt,
        newLeaseOwner,
        newLeaseExpiresAt);
  }
}
