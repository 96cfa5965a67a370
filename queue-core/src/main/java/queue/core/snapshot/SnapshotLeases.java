package queue.core.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import queue.core.Ids;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;
import queue.core.api.Outcome;
import queue.core.error.CorruptStateException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.model.Transition;
import queue.core.snapshot.SnapshotStore.Result;

/**
 * {@link Leases} over whole-state transactions. A claim's fencing token is a key of the id clock,
 * so it is unique in the store. The file store is one host's: a claim's host is not looked at.
 */
final class SnapshotLeases implements Leases {
  private final SnapshotStore store;
  private final Clock clock;

  SnapshotLeases(SnapshotStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public List<List<Claim>> claim(ClaimRequest request) {
    if (findsNothing(request)) {
      return List.of();
    }
    return store.update(current -> claimIn(current, request));
  }

  // A claim that would take and expire nothing on an unlocked read takes no lock: a processor with
  // a free worker asks after every pass, and must not hold up the senders for nothing. What becomes
  // claimable after this read wakes it again (a change, a due time). A file that cannot be read now
  // is left to the read under the lock, which decides (a writer may be replacing it).
  private boolean findsNothing(ClaimRequest request) {
    Snapshot seen;
    try {
      seen = store.read();
    } catch (CorruptStateException e) {
      return false;
    }
    Result<List<List<Claim>>> ahead = claimIn(seen, request);
    return ahead.value().isEmpty() && ahead.next().queue() == seen.queue();
  }

  private Result<List<List<Claim>>> claimIn(Snapshot current, ClaimRequest request) {
    Instant now = clock.instant();
    QueueState swept = current.queue().mapEntries(e -> expireIfDue(e, now));
    // The notices of what expired are queued after the heads are chosen: the next claim takes them.
    Map<String, List<Entry>> chosen = chooseHeads(current, swept.entries(), now, request);
    swept = SnapshotNotices.queueOwed(current.agents(), current.queue(), swept, now);
    if (chosen.isEmpty()) {
      return new Result<>(current.withQueue(swept), List.of());
    }
    long token = Ids.nextKey(swept.lastKey(), now);
    Set<String> ids = new HashSet<>();
    chosen.values().forEach(batch -> batch.forEach(e -> ids.add(e.id())));
    Instant leaseUntil = now.plus(request.lease());
    QueueState claimed =
        withLastKey(
            swept.mapEntries(
                e -> ids.contains(e.id()) ? e.claimed(request.owner(), token, leaseUntil) : e),
            token);
    Map<String, Message> messages = claimed.messagesById();
    List<List<Claim>> batches = new ArrayList<>();
    for (List<Entry> batch : chosen.values()) {
      List<Claim> claims = new ArrayList<>(batch.size());
      for (Entry entry : batch) {
        claims.add(
            new Claim(
                entry.claimed(request.owner(), token, leaseUntil),
                messages.get(entry.messageId()),
                current.agent(entry.recipient()).orElse(null)));
      }
      batches.add(claims);
    }
    return new Result<>(current.withQueue(claimed), batches);
  }

  // A PENDING entry past its TTL is failed; so is a PROCESSING one whose claim died (lease run
  // out) after its TTL: no one may attempt either again.
  private static Entry expireIfDue(Entry entry, Instant now) {
    boolean abandonedLease =
        entry.state() == EntryState.PROCESSING
            && !entry.leaseExpiresAt().isAfter(now)
            && entry.expiresAt() != null
            && !entry.expiresAt().isAfter(now);
    return entry.isExpired(now) || abandonedLease
        ? entry.after(new Outcome.Expired().transition(now))
        : entry;
  }

  private static Map<String, List<Entry>> chooseHeads(
      Snapshot current, List<Entry> entries, Instant now, ClaimRequest request) {
    Map<String, List<Entry>> chosen = new LinkedHashMap<>();
    Set<String> blocked = new HashSet<>();
    Map<String, Boolean> eligible = new HashMap<>();
    for (Entry entry : entries) {
      String recipient = entry.recipient();
      if (entry.state().isTerminal() || entry.isScheduled(now) || blocked.contains(recipient)) {
        continue;
      }
      if (!eligible.computeIfAbsent(
          recipient, r -> isEligible(current.agent(r).orElse(null), r, request))) {
        continue;
      }
      List<Entry> batch = chosen.get(recipient);
      boolean room =
          batch == null
              ? chosen.size() < request.maxRecipients()
              : batch.size() < request.perRecipient();
      if (!entry.isClaimable(now) || !room) {
        blocked.add(recipient);
        continue;
      }
      chosen.computeIfAbsent(recipient, r -> new ArrayList<>()).add(entry);
    }
    return chosen;
  }

  // A processor takes every pushed, unpaused agent's entries, and those of a recipient no longer
  // registered (to fail them); a receiver only its own pull agent's.
  private static boolean isEligible(Agent agent, String recipient, ClaimRequest request) {
    if (request.pullAgent() != null) {
      return recipient.equals(request.pullAgent())
          && agent != null
          && agent.isPull()
          && !agent.paused();
    }
    return agent == null || (!agent.isPull() && !agent.paused());
  }

  @Override
  public Set<String> renew(Collection<LeaseRef> leases, Duration lease) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    Map<String, Long> tokens = tokensOf(leases);
    return store.update(
        current -> {
          Instant until = clock.instant().plus(lease);
          Set<String> renewed = new HashSet<>();
          QueueState next =
              current
                  .queue()
                  .mapEntries(
                      e -> {
                        Long token = tokens.get(e.id());
                        if (token == null || !e.isLeasedBy(token)) {
                          return e;
                        }
                        renewed.add(e.id());
                        return e.leaseRenewed(until);
                      });
          return new Result<>(current.withQueue(next), Set.copyOf(renewed));
        });
  }

  @Override
  public int settle(List<Completion> completions) {
    Map<String, Completion> byEntry = new HashMap<>();
    completions.forEach(c -> byEntry.put(c.entryId(), c));
    return endClaims(
        byEntry.keySet(),
        id -> byEntry.get(id).lease().token(),
        (id, now) -> byEntry.get(id).outcome().transition(now));
  }

  @Override
  public int handBack(Collection<LeaseRef> leases) {
    Map<String, Long> tokens = tokensOf(leases);
    return endClaims(tokens.keySet(), tokens::get, (id, now) -> Transition.handedBack(now));
  }

  /**
   * Ends the claims of the given entries, in one transaction (with the notices owed for those it
   * fails): each entry still held by the claim its token names takes its transition at this moment.
   */
  private int endClaims(
      Set<String> ids,
      Function<String, Long> tokenOf,
      BiFunction<String, Instant, Transition> transitionOf) {
    if (ids.isEmpty()) {
      return 0;
    }
    return store.update(
        current -> {
          Instant now = clock.instant();
          QueueState before = current.queue();
          SortedMap<Integer, Entry> ended = new TreeMap<>();
          int found = 0;
          List<Entry> entries = before.entries();
          for (int i = 0; i < entries.size() && found < ids.size(); i++) {
            Entry e = entries.get(i);
            if (ids.contains(e.id())) {
              found++;
              if (e.isLeasedBy(tokenOf.apply(e.id()))) {
                ended.put(i, e.after(transitionOf.apply(e.id(), now)));
              }
            }
          }
          QueueState next =
              SnapshotNotices.queueOwed(
                  current.agents(), before, before.withEntriesAt(ended), ended.keySet(), now);
          return new Result<>(current.withQueue(next), ended.size());
        });
  }

  @Override
  public Optional<Instant> nextDue(String owner) {
    Instant now = clock.instant();
    Instant earliest = null;
    for (Entry entry : store.read().queue().entries()) {
      Instant at = dueTime(entry, owner);
      if (at != null && at.isAfter(now) && (earliest == null || at.isBefore(earliest))) {
        earliest = at;
      }
    }
    return Optional.ofNullable(earliest);
  }

  // Its own leases are the owner's to renew or settle: they wake it some other way.
  private static Instant dueTime(Entry entry, String owner) {
    return owner.equals(entry.leaseOwner()) ? null : entry.dueAt();
  }

  private static Map<String, Long> tokensOf(Collection<LeaseRef> leases) {
    Map<String, Long> tokens = new HashMap<>();
    leases.forEach(l -> tokens.put(l.entryId(), l.token()));
    return tokens;
  }

  private static QueueState withLastKey(QueueState state, long key) {
    return new QueueState(
        state.nextSeq(),
        key,
        state.delivered(),
        state.lastDeliveredAt(),
        state.messages(),
        state.entries());
  }
}
