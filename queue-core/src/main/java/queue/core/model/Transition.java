package queue.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What ending a claim does to an entry: delivered, retried later, failed, given up or handed back.
 * The one rule of every store: the file store applies it to the entry ({@link Entry#after}); the
 * PostgreSQL store writes its fields in one UPDATE, with the same meaning for a null field (the
 * entry keeps its value). Every transition ends the entry's lease.
 *
 * @param attemptsAdded 1 for an attempt that ended, 0 for an entry given up or handed back untried
 * @param nextAttemptAt when the entry is due again; null keeps it
 * @param lastError the error to keep; null keeps the entry's last one
 * @param deliveredAt when it was delivered; null keeps it
 */
public record Transition(
    EntryState state,
    int attemptsAdded,
    Instant nextAttemptAt,
    String lastError,
    Instant deliveredAt) {

  public Transition {
    Objects.requireNonNull(state, "state");
  }

  public static Transition delivered(Instant at) {
    return new Transition(EntryState.DELIVERED, 1, null, null, at);
  }

  /** PENDING again after a failed attempt, due at {@code at}. */
  public static Transition retryLater(String error, Instant at) {
    return new Transition(EntryState.PENDING, 1, at, error, null);
  }

  /** FAILED for good after an attempt. */
  public static Transition failed(String error) {
    return new Transition(EntryState.FAILED, 1, null, error, null);
  }

  /** FAILED without counting an attempt: given up, not tried (agent removed, TTL ran out). */
  public static Transition abandoned(String error) {
    return new Transition(EntryState.FAILED, 0, null, error, null);
  }

  /** PENDING again without counting an attempt, due at {@code now} (a hand-back). */
  public static Transition handedBack(Instant now) {
    return new Transition(EntryState.PENDING, 0, now, null, null);
  }
}
