package queue.processor.claim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.Claim;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;

/**
 * Keeps this processor's leases and tells a worker whether it may deliver. The loop renews every
 * lease worth keeping at a third of the lease (not those of a delivery past its deadline, which are
 * left to run out). A worker, before each delivery, needs the store to hold that entry's lease for
 * at least half a lease more: known from the claim or the last renewal, or else asked of the store
 * with a renewal of its own. A lease the store no longer holds stops the batch there.
 */
public final class LeaseKeeper {
  private final Leases leases;
  private final Duration lease;
  private final InFlight held;
  private final Clock clock;
  private Instant nextRenewal = Instant.MIN;

  public LeaseKeeper(Leases leases, Duration lease, InFlight held, Clock clock) {
    this.leases = leases;
    this.lease = lease;
    this.held = held;
    this.clock = clock;
  }

  /** How often the leases are renewed: a third of the lease. */
  public Duration renewalInterval() {
    return lease.dividedBy(3);
  }

  /** When the loop should renew next. */
  public Instant nextRenewal() {
    return nextRenewal;
  }

  /**
   * Renews the leases worth keeping if a third of the lease has passed since the last renewal (or
   * since the loop last found nothing held). A store that fails throws, and the renewal is due
   * again at once.
   */
  public void renewIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRenewal)) {
      return;
    }
    List<LeaseRef> keep = held.leasesToKeep(now);
    if (!keep.isEmpty()) {
      Set<String> renewed = leases.renew(keep, lease);
      Set<String> asked = new HashSet<>();
      keep.forEach(l -> asked.add(l.entryId()));
      Instant until = now.plus(lease);
      for (HeldBatch batch : held.batches()) {
        List<LeaseRef> mine = new ArrayList<>(batch.unfinished());
        mine.removeIf(l -> !asked.contains(l.entryId()));
        batch.renewed(mine, renewed, until);
      }
    }
    nextRenewal = now.plus(renewalInterval());
  }

  /**
   * True if {@code claim}, the next entry of {@code batch}, may be delivered now: the store holds
   * its lease for at least half a lease more. Asks the store (renewing the batch's unfinished
   * leases) when that is not known already; a failing store throws.
   */
  public boolean confirm(HeldBatch batch, Claim claim) {
    String id = claim.entry().id();
    if (batch.isLost(id)) {
      return false;
    }
    Instant now = clock.instant();
    if (!batch.heldUntil().minus(lease.dividedBy(2)).isBefore(now)) {
      return true;
    }
    List<LeaseRef> asked = batch.unfinished();
    Set<String> renewed = leases.renew(asked, lease);
    batch.renewed(asked, renewed, now.plus(lease));
    return renewed.contains(id);
  }
}
