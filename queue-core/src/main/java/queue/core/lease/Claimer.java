package queue.core.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Snapshot;
import queue.core.store.QueueStore;
import queue.core.store.QueueStore.Result;

/**
 * Claims due entries with a lease, renews leases and hands entries back.
 *
 * <p>Per-recipient FIFO: only the oldest unfinished entries of a recipient can be claimed, in
 * order. A recipient whose oldest unfinished entry is leased (and the lease has not expired) or
 * waiting for its next attempt gets nothing, so its entries are delivered one at a time in the
 * order they were queued. An expired lease is claimable again: its processor died.
 */
public final class Claimer {
  private final QueueStore store;
  private final Clock clock;

  public Claimer(QueueStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Claims, in one save, up to {@code perRecipient} consecutive due entries from the head of each
   * of up to {@code maxRecipients} recipients, leased to {@code owner} for {@code lease}.
   *
   * @return the claimed batches, each one recipient's entries in queue order
   */
  public List<List<Claim>> claim(
      String owner, Duration lease, int maxRecipients, int perRecipient) {
    return store.update(current -> claimIn(current, owner, lease, maxRecipients, perRecipient));
  }

  private Result<List<List<Claim>>> claimIn(
      Snapshot current, String owner, Duration lease, int maxRecipients, int perRecipient) {
    Instant now = clock.instant();
    Map<String, List<Entry>> chosen =
        chooseHeads(current.queue().entries(), now, maxRecipients, perRecipient);
    if (chosen.isEmpty()) {
      return Result.unchanged(current, List.of());
    }
    Set<String> ids = new HashSet<>();
    chosen.values().forEach(batch -> batch.forEach(e -> ids.add(e.id())));
    Instant leaseUntil = now.plus(lease);
    Snapshot next =
        current.withQueue(
            current
                .queue()
                .mapEntries(e -> ids.contains(e.id()) ? e.claimed(owner, leaseUntil) : e));
    Map<String, Message> messages = next.queue().messagesById();
    List<List<Claim>> batches = new ArrayList<>();
    for (List<Entry> batch : chosen.values()) {
      List<Claim> claims = new ArrayList<>(batch.size());
      for (Entry entry : batch) {
        claims.add(
            new Claim(
                entry.claimed(owner, leaseUntil),
                messages.get(entry.messageId()),
                next.agent(entry.recipient()).orElse(null)));
      }
      batches.add(claims);
    }
    return new Result<>(next, batches);
  }

  private static Map<String, List<Entry>> chooseHeads(
      List<Entry> entries, Instant now, int maxRecipients, int perRecipient) {
    Map<String, List<Entry>> chosen = new LinkedHashMap<>();
    Set<String> blocked = new HashSet<>();
    for (Entry entry : entries) {
      if (entry.state().isTerminal() || blocked.contains(entry.recipient())) {
        continue;
      }
      List<Entry> batch = chosen.get(entry.recipient());
      boolean room = batch == null ? chosen.size() < maxRecipients : batch.size() < perRecipient;
      if (!entry.isClaimable(now) || !room) {
        blocked.add(entry.recipient());
        continue;
      }
      chosen.computeIfAbsent(entry.recipient(), r -> new ArrayList<>()).add(entry);
    }
    return chosen;
  }

  /** Extends the lease of every entry {@code owner} still holds; returns how many. */
  public int renew(String owner, Duration lease) {
    return store.update(
        current -> {
          Instant until = clock.instant().plus(lease);
          int[] renewed = {0};
          Snapshot next =
              current.withQueue(
                  current
                      .queue()
                      .mapEntries(
                          e -> {
                            if (!e.isLeasedBy(owner)) {
                              return e;
                            }
                            renewed[0]++;
                            return e.leaseRenewed(until);
                          }));
          return new Result<>(next, renewed[0]);
        });
  }

  /**
   * Hands entries back at shutdown: PENDING again, due at once, attempts unchanged. Only entries
   * {@code owner} still holds are touched; returns how many.
   */
  public int handBack(String owner, Set<String> entryIds) {
    return store.update(
        current -> {
          Instant now = clock.instant();
          int[] handed = {0};
          Snapshot next =
              current.withQueue(
                  current
                      .queue()
                      .mapEntries(
                          e -> {
                            if (!entryIds.contains(e.id()) || !e.isLeasedBy(owner)) {
                              return e;
                            }
                            handed[0]++;
                            return e.pendingAgain(now);
                          }));
          return new Result<>(next, handed[0]);
        });
  }
}
