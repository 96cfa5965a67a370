package queue.processor.complete;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;

/**
 * Keeps what workers report (outcomes and hand-backs) until the loop saves them, with group commit:
 * everything that arrived since the last save goes into the next one, so a busy processor makes few
 * saves and an idle one saves each outcome at once. After a save that took a while the next one
 * waits as long, so that saving takes at most about half of the loop's time under load, unless
 * nothing more can join it: a worker starts its next delivery only once its outcome is saved, so
 * when no delivery runs, every worker waits for this save and resting would only idle them. A save
 * that fails keeps everything for the next one: outcomes stay valid while their lease holds, and
 * the store applies each only while it does (fencing).
 */
public final class Settler {
  private static final long MAX_REST_NANOS = Duration.ofMillis(200).toNanos();

  private final Leases leases;
  private final Clock clock;
  private final LongSupplier ticker;
  private final List<Completion> completions = new ArrayList<>();
  private final Set<LeaseRef> handBacks = new LinkedHashSet<>();
  private long restUntilTick;
  private boolean resting;

  /**
   * @param ticker elapsed time in nanoseconds (monotonic in the daemon): the rest after a save is
   *     measured with it, so a step of the clock neither lengthens nor shortens it
   */
  public Settler(Leases leases, Clock clock, LongSupplier ticker) {
    this.leases = leases;
    this.clock = clock;
    this.ticker = ticker;
  }

  public synchronized void complete(Completion completion) {
    completions.add(completion);
  }

  /** PENDING again, due at once, attempts unchanged: entries claimed but not delivered. */
  public synchronized void handBack(Collection<LeaseRef> held) {
    handBacks.addAll(held);
  }

  public synchronized boolean hasPending() {
    return !completions.isEmpty() || !handBacks.isEmpty();
  }

  /** When the next save may run, if anything waits for one. */
  public synchronized Optional<Instant> dueAt() {
    if (!hasPending()) {
      return Optional.empty();
    }
    return Optional.of(clock.instant().plusNanos(Math.max(0, restLeft())));
  }

  private long restLeft() {
    return resting ? restUntilTick - ticker.getAsLong() : 0;
  }

  /**
   * Saves what is pending if its time has come (see {@link #save}), or at once when nothing more
   * can join it ({@code nothingMoreComing}: no delivery is running, so the rest would only keep the
   * workers waiting for this save); else returns nothing.
   */
  public Set<String> saveIfDue(boolean nothingMoreComing) {
    synchronized (this) {
      if (restLeft() > 0 && !nothingMoreComing) {
        return Set.of();
      }
    }
    return save();
  }

  /**
   * Saves every outcome and hand-back pending now, in two transactions at most.
   *
   * @return the ids of the entries saved: nothing is left to do for them
   * @throws RuntimeException from the store; everything stays pending for the next save
   */
  public Set<String> save() {
    List<Completion> outcomes;
    List<LeaseRef> returned;
    synchronized (this) {
      outcomes = List.copyOf(completions);
      returned = List.copyOf(handBacks);
      completions.clear();
      handBacks.clear();
    }
    long started = ticker.getAsLong();
    try {
      if (!outcomes.isEmpty()) {
        leases.settle(outcomes);
      }
      if (!returned.isEmpty()) {
        leases.handBack(returned);
      }
    } catch (RuntimeException e) {
      putBack(outcomes, returned);
      throw e;
    }
    long ended = ticker.getAsLong();
    synchronized (this) {
      restUntilTick = ended + Math.min(ended - started, MAX_REST_NANOS);
      resting = true;
    }
    Set<String> saved = new HashSet<>();
    outcomes.forEach(c -> saved.add(c.entryId()));
    returned.forEach(l -> saved.add(l.entryId()));
    return saved;
  }

  // A repeated settle of outcomes the store already applied changes nothing: it no longer holds
  // those entries under that claim.
  private synchronized void putBack(List<Completion> outcomes, List<LeaseRef> returned) {
    completions.addAll(0, outcomes);
    handBacks.addAll(returned);
  }
}
