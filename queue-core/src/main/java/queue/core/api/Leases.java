package queue.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Claim, renew, settle and hand back: how a processor (or a pull agent's receiver) takes entries
 * for delivery. Every claim carries a fencing token unique to it; renewals, results and hand-backs
 * name it, and are ignored for an entry that another claim has taken over since.
 */
public interface Leases {

  /**
   * Fails the PENDING entries whose TTL ran out ("expired"), then claims, in one transaction, up to
   * {@code perRecipient} consecutive due entries from the head of each of up to {@code
   * maxRecipients} recipients. A recipient's head is its oldest entry not yet DELIVERED or FAILED,
   * leaving aside scheduled entries whose time has not come; a recipient whose head is leased or
   * waiting for a retry gets nothing, so its entries go one at a time, in order.
   *
   * @return the claimed batches, each one recipient's entries in queue order
   */
  List<List<Claim>> claim(ClaimRequest request);

  /**
   * Extends the leases that still hold: each entry still held by the named claim gets {@code lease}
   * more from now. A lease that expired but was not taken over is renewed too.
   *
   * @return the ids of the entries whose lease holds (was renewed)
   */
  Set<String> renew(Collection<LeaseRef> leases, Duration lease);

  /**
   * Applies delivery outcomes in one transaction, each only while its entry is still held by the
   * claim that delivered it.
   *
   * @return how many were applied
   */
  int settle(List<Completion> completions);

  /**
   * PENDING again, due at once, attempts unchanged: entries claimed but not delivered (shutdown, a
   * batch cut short). Only entries still held by the named claims are touched.
   *
   * @return how many were handed back
   */
  int handBack(Collection<LeaseRef> leases);

  /**
   * The earliest time after {@code now} at which an entry may become claimable without a new send:
   * a retry or a scheduled time coming due, or a lease not held by {@code owner} running out.
   */
  Optional<Instant> nextDue(String owner);
}
