package queue.processor.claim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.Claim;
import queue.core.api.LeaseRef;
import queue.core.model.Agent;

/**
 * One recipient's claimed entries while a worker delivers them, shared by the worker, the loop and
 * the lease keeper: which entry is next, the one whose outcome waits to be saved before the next
 * delivery may start, the next one if its delivery is being or was prepared meanwhile, until when
 * the store is known to hold their leases, which of them it is known not to hold any more, and the
 * deadline of the delivery running now. Thread-safe.
 */
public final class HeldBatch {
  private final List<Claim> claims;
  private final Set<String> lost = new HashSet<>();
  private int next;
  private String awaited;
  private boolean preparing;
  private Claim prepared;
  private Instant heldUntil;
  private Instant deadline;

  /**
   * @param heldUntil when the claim's leases run out, counted from before the claim was made
   */
  public HeldBatch(List<Claim> claims, Instant heldUntil) {
    this.claims = List.copyOf(claims);
    this.heldUntil = heldUntil;
  }

  public String recipient() {
    return claims.get(0).entry().recipient();
  }

  public List<Claim> claims() {
    return claims;
  }

  /** The recipient's registration when the batch was claimed (null if it was not registered). */
  public Agent agent() {
    return claims.get(0).agent();
  }

  /** The index of the entry to deliver next (the running one while a delivery runs). */
  public synchronized int next() {
    return next;
  }

  /**
   * The next delivery waits until the outcome of {@code entryId} is saved, and until the worker,
   * which prepares it meanwhile, reports it {@link #prepared}.
   */
  public synchronized void awaitSaveOf(String entryId) {
    awaited = entryId;
    preparing = true;
  }

  /** The entry whose outcome must be saved before the next delivery starts, or null. */
  public synchronized String awaited() {
    return awaited;
  }

  /** The next delivery was prepared ({@code claim}), or could not be (null). */
  public synchronized void prepared(Claim claim) {
    preparing = false;
    prepared = claim;
  }

  public synchronized boolean isPreparing() {
    return preparing;
  }

  /** The claim whose delivery was prepared and is not yet delivered or discarded, or null. */
  public synchronized Claim takePrepared() {
    Claim claim = prepared;
    prepared = null;
    return claim;
  }

  /** The awaited outcome is saved: the next delivery may start. */
  public synchronized void resume() {
    awaited = null;
  }

  /** The leases of the entries not yet finished (the running one included), not known lost. */
  public synchronized List<LeaseRef> unfinished() {
    List<LeaseRef> leases = new ArrayList<>();
    for (Claim claim : claims.subList(next, claims.size())) {
      if (!lost.contains(claim.entry().id())) {
        leases.add(claim.lease());
      }
    }
    return leases;
  }

  /** The entry at {@code index} is delivered now, until {@code until} at the latest. */
  public synchronized void started(int index, Instant until) {
    next = index;
    deadline = until;
  }

  /** The entry at {@code index} has its outcome; nothing runs until the next one starts. */
  public synchronized void finished(int index) {
    next = index + 1;
    deadline = null;
  }

  /** True while a delivery of this batch runs (from its start to its outcome). */
  public synchronized boolean isDelivering() {
    return deadline != null;
  }

  /** False once the running delivery has passed its deadline: its leases must not be kept. */
  public synchronized boolean isWithinDeadline(Instant now) {
    return deadline == null || !now.isAfter(deadline);
  }

  /**
   * The store answered a renewal of {@code asked}, made at {@code renewedAt} for {@code lease}:
   * those it renewed are held until then, the others are lost for good.
   */
  public synchronized void renewed(List<LeaseRef> asked, Set<String> renewed, Instant heldUntil) {
    for (LeaseRef lease : asked) {
      if (!renewed.contains(lease.entryId())) {
        lost.add(lease.entryId());
      }
    }
    if (heldUntil.isAfter(this.heldUntil)) {
      this.heldUntil = heldUntil;
    }
  }

  public synchronized boolean isLost(String entryId) {
    return lost.contains(entryId);
  }

  /** Until when the leases not lost are known to hold. */
  public synchronized Instant heldUntil() {
    return heldUntil;
  }
}
