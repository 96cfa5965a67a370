package queue.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One (message, recipient) pair and its delivery state. Immutable: every transition returns a new
 * entry.
 *
 * @param seq the queue-wide order in which entries were queued; per-recipient FIFO follows it
 * @param attempts delivery attempts that ended (delivered, failed or to be retried)
 * @param expiresAt when an entry not yet delivered becomes FAILED ("expired"); null without a TTL
 * @param leaseOwner the processor (or receiver) that holds a PROCESSING entry; null otherwise
 * @param leaseToken the fencing token of the claim that holds a PROCESSING entry: unique per claim,
 *     so a result that comes back after the lease was taken over changes nothing; 0 otherwise
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
    Instant expiresAt,
    String leaseOwner,
    long leaseToken,
    Instant leaseExpiresAt) {

  /** The last error of an entry whose TTL ran out before it was delivered. */
  public static final String EXPIRED_ERROR = "expired";

  public Entry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
  }

  /** A new entry of {@code message}, due at {@code dueAt}, expiring after the message's TTL. */
  public static Entry queued(
      String id, Message message, String recipient, long seq, Instant dueAt) {
    return new Entry(
        id,
        message.id(),
        recipient,
        message.sender(),
        seq,
        message.createdAt(),
        EntryState.PENDING,
        0,
        dueAt,
        null,
        null,
        message.ttl() == null ? null : message.createdAt().plus(message.ttl()),
        null,
        0,
        null);
  }

  /** True when a claim at {@code now} may take this entry (its recipient's order aside). */
  public boolean isClaimable(Instant now) {
    return switch (state) {
      case PENDING -> !nextAttemptAt.isAfter(now) && !isExpired(now);
      case PROCESSING -> !leaseExpiresAt.isAfter(now);
      case DELIVERED, FAILED -> false;
    };
  }

  /**
   * True for an entry sent with {@code --delay} or {@code --at} whose time has not come: it never
   * ran, so it holds back no entry queued after it.
   */
  public boolean isScheduled(Instant now) {
    return state == EntryState.PENDING && attempts == 0 && nextAttemptAt.isAfter(now);
  }

  /** True for a PENDING entry whose TTL has run out: it is failed, never attempted again. */
  public boolean isExpired(Instant now) {
    return state == EntryState.PENDING && expiresAt != null && !expiresAt.isAfter(now);
  }

  /** True while this entry is held by the claim that {@code token} names. */
  public boolean isLeasedBy(long token) {
    return state == EntryState.PROCESSING && leaseToken == token;
  }

  public Entry claimed(String owner, long token, Instant leaseUntil) {
    return with(state(EntryState.PROCESSING).lease(owner, token, leaseUntil));
  }

  public Entry leaseRenewed(Instant leaseUntil) {
    return with(lease(leaseOwner, leaseToken, leaseUntil));
  }

  public Entry delivered(Instant at) {
    return with(state(EntryState.DELIVERED).attempts(attempts + 1).deliveredAt(at).noLease());
  }

  public Entry retryLater(String error, Instant at) {
    return with(
        state(EntryState.PENDING)
            .attempts(attempts + 1)
            .nextAttemptAt(at)
            .lastError(error)
            .noLease());
  }

  public Entry failed(String error) {
    return with(state(EntryState.FAILED).attempts(attempts + 1).lastError(error).noLease());
  }

  /**
   * PENDING again with a fresh attempt budget, due at {@code now} (`queue retry`); an entry with a
   * TTL gets a fresh one, {@code ttl} from now.
   */
  public Entry retried(Instant now, java.time.Duration ttl) {
    Changes changes = state(EntryState.PENDING).attempts(0).nextAttemptAt(now).noLease();
    return with(ttl == null ? changes : changes.expiresAt(now.plus(ttl)));
  }

  /** FAILED without counting an attempt: given up, not tried (agent removed, TTL ran out). */
  public Entry abandoned(String error) {
    return with(state(EntryState.FAILED).lastError(error).noLease());
  }

  /** Back to PENDING without counting an attempt, due at {@code now} (hand-back at shutdown). */
  public Entry pendingAgain(Instant now) {
    return with(state(EntryState.PENDING).nextAttemptAt(now).noLease());
  }

  private Changes state(EntryState value) {
    return new Changes(this).state(value);
  }

  private Changes lease(String owner, long token, Instant until) {
    return new Changes(this).lease(owner, token, until);
  }

  private Entry with(Changes c) {
    return new Entry(
        id,
        messageId,
        recipient,
        sender,
        seq,
        createdAt,
        c.state,
        c.attempts,
        c.nextAttemptAt,
        c.lastError,
        c.deliveredAt,
        c.expiresAt,
        c.leaseOwner,
        c.leaseToken,
        c.leaseExpiresAt);
  }

  /** The mutable fields of an entry, changed one by one before a new entry is made of them. */
  private static final class Changes {
    EntryState state;
    int attempts;
    Instant nextAttemptAt;
    String lastError;
    Instant deliveredAt;
    Instant expiresAt;
    String leaseOwner;
    long leaseToken;
    Instant leaseExpiresAt;

    Changes(Entry e) {
      state = e.state;
      attempts = e.attempts;
      nextAttemptAt = e.nextAttemptAt;
      lastError = e.lastError;
      deliveredAt = e.deliveredAt;
      expiresAt = e.expiresAt;
      leaseOwner = e.leaseOwner;
      leaseToken = e.leaseToken;
      leaseExpiresAt = e.leaseExpiresAt;
    }

    Changes state(EntryState value) {
      state = value;
      return this;
    }

    Changes attempts(int value) {
      attempts = value;
      return this;
    }

    Changes nextAttemptAt(Instant value) {
      nextAttemptAt = value;
      return this;
    }

    Changes lastError(String value) {
      lastError = value;
      return this;
    }

    Changes deliveredAt(Instant value) {
      deliveredAt = value;
      return this;
    }

    Changes expiresAt(Instant value) {
      expiresAt = value;
      return this;
    }

    Changes lease(String owner, long token, Instant until) {
      leaseOwner = owner;
      leaseToken = token;
      leaseExpiresAt = until;
      return this;
    }

    Changes noLease() {
      return lease(null, 0, null);
    }
  }
}
