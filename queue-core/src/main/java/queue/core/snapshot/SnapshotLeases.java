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
    QueueState swept =
        current.queue().mayHaveExpiredBy(now)
            ? current.queue().mapLiveEntries(e -> expireIfDue(e, now))
            : current.queue();
    // The notices of what expired are queued after the heads are chosen: the next claim takes them.
    SortedMap<Integer, Entry> chosen = chooseHeads(current, swept, now, request);
    QueueState noticed = SnapshotNotices.queueOwed(current.agents(), current.queue(), swept, now);
    if (chosen.isEmpty()) {
      return new Result<>(current.withQueue(noticed), List.of());
    }
    long token = Ids.nextKey(noticed.lastKey(), now);
    Instant leaseUntil = now.plus(request.lease());
    SortedMap<Integer, Entry> claimedAt = new TreeMap<>();
    Map<String, List<Claim>> batches = new LinkedHashMap<>();
    chosen.forEach(
        (place, entry) -> {
          Entry claimed = entry.claimed(request.owner(), token, leaseUntil);
          claimedAt.put(place, claimed);
          batches
              .computeIfAbsent(entry.recipient(), r -> new ArrayList<>())
              .add(
                  new Claim(
                      claimed,
                      noticed.message(entry.messageId()).orElseThrow(),
                      current.agent(entry.recipient()).orElse(null)));
        });
    QueueState claimed = noticed.withEntriesAt(claimedAt).withLastKey(token);
    return new Result<>(current.withQueue(claimed), List.copyOf(batches.values()));
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

  /**
   * The entries to claim, by their places in the queue: each eligible recipient's first due ones,
   * in order. The walk starts at the first live entry and stops once every recipient with live
   * entries is decided (blocked, its batch full, or all its live entries seen).
   */
  private static SortedMap<Integer, Entry> chooseHeads(
      Snapshot current, QueueState queue, Instant now, ClaimRequest request) {
    SortedMap<Integer, Entry> chosen = new TreeMap<>();
    Map<String, Integer> chosenPer = new HashMap<>();
    Map<String, Integer> liveLeft = new HashMap<>(queue.liveByRecipient());
    Set<String> decided = new HashSet<>();
    Map<String, Boolean> eligible = new HashMap<>();
    List<Entry> entries = queue.entries();
    int undecided = liveLeft.size();
    for (int i = queue.firstLive(); i < entries.size() && decided.size() < undecided; i++) {
      Entry entry = entries.get(i);
      String recipient = entry.recipient();
      if (entry.state().isTerminal() || decided.contains(recipient)) {
        continue;
      }
      boolean lastLive = liveLeft.merge(recipient, -1, Integer::sum) == 0;
      if (entry.isScheduled(now)) {
        // It holds back nothing queued after it; the recipient is decided once all are seen.
        if (lastLive) {
          decided.add(recipient);
        }
        continue;
      }
      if (!eligible.computeIfAbsent(
          recipient, r -> isEligible(current.agent(r).orElse(null), r, request))) {
        decided.add(recipient);
        continue;
      }
      int taken = chosenPer.getOrDefault(recipient, 0);
      boolean room =
          taken == 0 ? chosenPer.size() < request.maxRecipients() : taken < request.perRecipient();
      if (!entry.isClaimable(now) || !room) {
        decided.add(recipient);
        continue;
      }
      chosen.put(i, entry);
      chosenPer.put(recipient, taken + 1);
      if (lastLive || taken + 1 == request.perRecipient()) {
        decided.add(recipient);
      }
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
                  .mapLiveEntries(
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
          for (int i = before.firstLive(); i < entries.size() && found < ids.size(); i++) {
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
    QueueState queue = store.read().queue();
    List<Entry> entries = queue.entries();
    for (Entry entry : entries.subList(queue.firstLive(), entries.size())) {
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
}
