package queue.processor.claim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import queue.core.api.Claim;
import queue.core.api.LeaseRef;

/**
 * What this processor holds: every entry from its claim until its outcome is saved or it is handed
 * back, and the batch a worker is busy with for each recipient. Thread-safe.
 */
public final class InFlight {
  private final Map<String, LeaseRef> entries = new ConcurrentHashMap<>();
  private final Map<String, HeldBatch> batches = new ConcurrentHashMap<>();

  /**
   * Marks a batch (one recipient's entries) as taken by a worker; false if one already has that
   * recipient (this processor's own lease on it ran out while a worker still delivers to it).
   */
  public boolean start(HeldBatch batch) {
    if (batches.putIfAbsent(batch.recipient(), batch) != null) {
      return false;
    }
    for (Claim claim : batch.claims()) {
      entries.put(claim.entry().id(), claim.lease());
    }
    return true;
  }

  /**
   * The worker is done with this batch; its outcomes may still be on their way to the store. The
   * entries whose leases it lost are no longer held: nothing is left to do for them here.
   */
  public void finished(HeldBatch batch) {
    batches.remove(batch.recipient(), batch);
    for (Claim claim : batch.claims()) {
      if (batch.isLost(claim.entry().id())) {
        entries.remove(claim.entry().id(), claim.lease());
      }
    }
  }

  /** These entries' outcomes are saved, or they were handed back: nothing left to do for them. */
  public void settled(Collection<String> entryIds) {
    entryIds.forEach(entries::remove);
  }

  public int busyRecipients() {
    return batches.size();
  }

  /** True while any batch has a delivery running: its outcome may soon join the next save. */
  public boolean isDelivering() {
    for (HeldBatch batch : batches.values()) {
      if (batch.isDelivering()) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return entries.isEmpty() && batches.isEmpty();
  }

  public List<HeldBatch> batches() {
    return List.copyOf(batches.values());
  }

  /**
   * The batches whose awaited outcome is saved and whose next delivery is not being prepared: each
   * may go on with it.
   */
  public List<HeldBatch> readyToGoOn() {
    List<HeldBatch> ready = new ArrayList<>();
    for (HeldBatch batch : batches.values()) {
      String awaited = batch.awaited();
      if (awaited != null && !batch.isPreparing() && !entries.containsKey(awaited)) {
        ready.add(batch);
      }
    }
    return ready;
  }

  /** The leases of every entry held now. */
  public List<LeaseRef> leases() {
    return List.copyOf(entries.values());
  }

  /**
   * The leases worth keeping at {@code now}: every entry held, except those of a batch whose
   * running delivery has passed its deadline, which are left to run out.
   */
  public List<LeaseRef> leasesToKeep(Instant now) {
    Map<String, LeaseRef> keep = new ConcurrentHashMap<>(entries);
    for (HeldBatch batch : batches.values()) {
      if (!batch.isWithinDeadline(now)) {
        batch.claims().forEach(claim -> keep.remove(claim.entry().id()));
      }
    }
    return new ArrayList<>(keep.values());
  }
}
