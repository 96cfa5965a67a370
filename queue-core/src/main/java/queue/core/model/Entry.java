package queue.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One (message, recipient) pair and its delivery state. Immutable: every transition returns a new
 * entry. Made by {@link #queued} for a send, by {@link Builder} when a store reads one back, and by
 * the named transitions otherwise.
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

  /** The last error of the entries failed by a forced removal of their agent. */
  public static final String REMOVED_ERROR = "agent removed";

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
    return of(message, id, recipient, seq)
        .nextAttemptAt(dueAt)
        .expiresAt(message.ttl() == null ? null : message.createdAt().plus(message.ttl()))
        .build();
  }

  /**
   * A builder of an entry of {@code message}, PENDING, due when the message was queued: what a
   * store sets next is what it kept of the entry.
   */
  public static Builder of(Message message, String id, String recipient, long seq) {
    return new Builder(id, message.id(), recipient, message.sender(), seq, message.createdAt());
  }

  /**
   * When this entry next needs a claim: a PENDING entry at its retry or scheduled time, or at its
   * TTL if that comes first (a claim then fails it); a PROCESSING one when its lease runs out;
   * never (null) once DELIVERED or FAILED. The PostgreSQL store's {@code queue_due_at} is its twin.
   */
  public Instant dueAt() {
    return switch (state) {
      case PENDING ->
          expiresAt != null && expiresAt.isBefore(nextAttemptAt) ? expiresAt : nextAttemptAt;
      case PROCESSING -> leaseExpiresAt;
      case DELIVERED, FAILED -> null;
    };
  }

  /**
   * True when a claim at {@code now} may take this entry (its recipient's order aside): it is due
   * and its TTL has not run out. The PostgreSQL store's {@code queue_claimable} is its twin.
   */
  public boolean isClaimable(Instant now) {
    Instant due = dueAt();
    return due != null && !due.isAfter(now) && !isExpired(now);
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
    return toBuilder().state(EntryState.PROCESSING).lease(owner, token, leaseUntil).build();
  }

  public Entry leaseRenewed(Instant leaseUntil) {
    return toBuilder().lease(leaseOwner, leaseToken, leaseUntil).build();
  }

  /** This entry after {@code transition}: its claim ended, its lease with it. */
  public Entry after(Transition transition) {
    Builder next =
        toBuilder()
            .state(transition.state())
            .attempts(attempts + transition.attemptsAdded())
            .lease(null, 0, null);
    if (transition.nextAttemptAt() != null) {
      next.nextAttemptAt(transition.nextAttemptAt());
    }
    if (transition.lastError() != null) {
      next.lastError(transition.lastError());
    }
    if (transition.deliveredAt() != null) {
      next.deliveredAt(transition.deliveredAt());
    }
    return next.build();
  }

  /**
   * PENDING again with a fresh attempt budget, due at {@code now} (`queue retry`); an entry with a
   * TTL gets a fresh one, {@code ttl} from now.
   */
  public Entry retried(Instant now, Duration ttl) {
    Builder next =
        toBuilder().state(EntryState.PENDING).attempts(0).nextAttemptAt(now).lease(null, 0, null);
    return (ttl == null ? next : next.expiresAt(now.plus(ttl))).build();
  }

  /** This entry at another place in queue order (an import numbers entries anew). */
  public Entry renumbered(long newSeq) {
    return toBuilder().seq(newSeq).build();
  }

  public Builder toBuilder() {
    return new Builder(id, messageId, recipient, sender, seq, createdAt)
        .state(state)
        .attempts(attempts)
        .nextAttemptAt(nextAttemptAt)
        .lastError(lastError)
        .deliveredAt(deliveredAt)
        .expiresAt(expiresAt)
        .lease(leaseOwner, leaseToken, leaseExpiresAt);
  }

  /** An entry field by field: what a store kept of it, or a transition of one. */
  public static final class Builder {
    private final String id;
    private final String messageId;
    private final String recipient;
    private final String sender;
    private final Instant createdAt;
    private long seq;
    private EntryState state = EntryState.PENDING;
    private int attempts;
    private Instant nextAttemptAt;
    private String lastError;
    private Instant deliveredAt;
    private Instant expiresAt;
    private String leaseOwner;
    private long leaseToken;
    private Instant leaseExpiresAt;

    /** An entry queued at {@code createdAt}, PENDING and due then until told otherwise. */
    public Builder(
        String id, String messageId, String recipient, String sender, long seq, Instant createdAt) {
      this.id = id;
      this.messageId = messageId;
      this.recipient = recipient;
      this.sender = sender;
      this.seq = seq;
      this.createdAt = createdAt;
      this.nextAttemptAt = createdAt;
    }

    public Builder seq(long value) {
      seq = value;
      return this;
    }

    public Builder state(EntryState value) {
      state = value;
      return this;
    }

    public Builder attempts(int value) {
      attempts = value;
      return this;
    }

    public Builder nextAttemptAt(Instant value) {
      nextAttemptAt = value;
      return this;
    }

    public Builder lastError(String value) {
      lastError = value;
      return this;
    }

    public Builder deliveredAt(Instant value) {
      deliveredAt = value;
      return this;
    }

    public Builder expiresAt(Instant value) {
      expiresAt = value;
      return this;
    }

    /** The claim that holds the entry; (null, 0, null) for none. */
    public Builder lease(String owner, long token, Instant until) {
      leaseOwner = owner;
      leaseToken = token;
      leaseExpiresAt = until;
      return this;
    }

    public Entry build() {
      return new Entry(
          id,
          messageId,
          recipient,
          sender,
          seq,
          createdAt,
          state,
          attempts,
          nextAttemptAt,
          lastError,
          deliveredAt,
          expiresAt,
          leaseOwner,
          leaseToken,
          leaseExpiresAt);
    }
  }
}
