package queue.processor.claim;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import queue.core.api.Claim;
import queue.core.api.LeaseRef;

/**
 * What this processor holds: every entry from its claim until its outcome is saved or it is handed
 * back, and the recipients a worker is busy with. Thread-safe.
 */
public final class InFlight {
  private final Map<String, LeaseRef> entries = new ConcurrentHashMap<>();
  private final Set<String> recipients = ConcurrentHashMap.newKeySet();

  /** Marks a batch (one recipient's entries) as taken by a worker; false if one already has it. */
  public boolean start(List<Claim> batch) {
    if (!recipients.add(batch.get(0).entry().recipient())) {
      return false;
    }
    batch.forEach(claim -> entries.put(claim.entry().id(), claim.lease()));
    return true;
  }

  /**
   * The worker is done with this recipient; its outcomes may still be on their way to the store.
   */
  public void finished(String recipient) {
    recipients.remove(recipient);
  }

  /** These entries' outcomes are saved, or they were handed back: nothing left to do for them. */
  public void settled(Collection<String> entryIds) {
    entryIds.forEach(entries::remove);
  }

  public int busyRecipients() {
    return recipients.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty() && recipients.isEmpty();
  }

  /** The leases of every entry held now. */
  public List<LeaseRef> leases() {
    return List.copyOf(entries.values());
  }
}
