package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.Outcome;
import queue.core.api.SendRequest;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** Claims: per-recipient order, one claim per recipient at a time, batch sizes, due times. */
abstract class ClaimsContract extends ContractPart {

  ClaimsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob", "carol");
  }

  @Test
  void nothingIsClaimedFromAnEmptyQueue() {
    assertEquals(List.of(), q.claim("p1", 8, 8));
  }

  @Test
  void claimCarriesTheEntryItsMessageAndItsAgentUnderALease() {
    String messageId = q.send(SendRequest.to(List.of("alice"), "ops", "hello")).messageId();
    q.clock.advance(Duration.ofSeconds(3));

    Claim claim = q.claimOne("p1");

    assertEquals(messageId, claim.entry().messageId());
    assertEquals(EntryState.PROCESSING, claim.entry().state());
    assertEquals("p1", claim.entry().leaseOwner());
    assertEquals(q.now().plus(QueueFixture.LEASE), claim.entry().leaseExpiresAt());
    assertNotEquals(0, claim.lease().token());
    assertEquals(1, claim.attempt());
    assertEquals("hello", claim.message().body());
    assertEquals("ops", claim.message().sender());
    assertEquals("alice", claim.agent().name());
    assertEquals(claim.entry(), q.entry(claim.entry().id()));
  }

  @Test
  void eachRecipientsHeadIsClaimedAndDifferentRecipientsTogether() {
    q.sendTo("alice", "a1");
    q.sendTo("bob", "b1");
    q.sendTo("alice", "a2");

    List<Claim> claims = q.claimHeads("p1");

    assertEquals(List.of("a1", "b1"), claims.stream().map(c -> c.message().body()).toList());
  }

  @Test
  void recipientsEntriesAreClaimedOneAtATimeInTheOrderTheyWereQueued() {
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sent.add(q.sendTo("alice", "m" + i));
    }

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Claim claim = q.claimOne("p" + i);
      assertEquals(List.of(), q.claimHeads("other"), "a second claim while the head is held");
      claimed.add(claim.entry().messageId());
      q.deliver(claim);
    }

    assertEquals(sent, claimed);
    assertEquals(List.of(), q.claimHeads("p1"));
  }

  @Test
  void recipientHeldByOneClaimGivesAnotherClaimNothingWhateverItsBatchSize() {
    q.sendTo("alice", "1");
    q.sendTo("alice", "2");
    q.sendTo("alice", "3");
    q.claimOne("p1");

    assertEquals(List.of(), q.claim("p2", 10, 10));
  }

  @Test
  void batchHoldsARecipientsConsecutiveEntriesInQueueOrder() {
    for (int i = 1; i <= 3; i++) {
      q.sendTo("alice", "a" + i);
    }

    List<List<Claim>> batches = q.claim("p1", 8, 2);

    assertEquals(1, batches.size());
    assertEquals(List.of("a1", "a2"), bodies(batches.get(0)));
    assertEquals(batches.get(0).get(0).lease().token(), batches.get(0).get(1).lease().token());
  }

  @Test
  void claimTakesAtMostMaxRecipientsAndPerRecipient() {
    for (int i = 1; i <= 3; i++) {
      q.broadcast("m" + i);
    }

    List<List<Claim>> batches = q.claim("p1", 2, 2);

    assertEquals(2, batches.size());
    Set<String> recipients = new HashSet<>();
    for (List<Claim> batch : batches) {
      assertEquals(List.of("m1", "m2"), bodies(batch));
      String recipient = batch.get(0).entry().recipient();
      assertTrue(batch.stream().allMatch(c -> c.entry().recipient().equals(recipient)));
      recipients.add(recipient);
    }
    assertEquals(2, recipients.size());
    List<List<Claim>> rest = q.claim("p2", 8, 8);
    assertEquals(1, rest.size());
    assertEquals(List.of("m1", "m2", "m3"), bodies(rest.get(0)));
  }

  @Test
  void everyClaimHasATokenOfItsOwn() {
    q.broadcast("m");

    Set<Long> tokens = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(q.claim("p" + i, 1, 1).get(0).get(0).lease().token());
    }

    assertEquals(3, tokens.size());
  }

  @Test
  void nextDueIsTheEarliestRetryScheduledTimeOrLeaseOfAnotherOwner() {
    assertEquals(Optional.empty(), q.store.leases().nextDue("p1"));
    q.send(SendRequest.to(List.of("carol"), "ops", "later").withNotBefore(q.now().plusSeconds(90)));
    assertEquals(Optional.of(q.now().plusSeconds(90)), q.store.leases().nextDue("p1"));
    q.sendTo("alice", "a");
    q.sendTo("bob", "b");

    List<Claim> claims = q.claimHeads("p1");

    assertEquals(Optional.of(q.now().plus(QueueFixture.LEASE)), q.store.leases().nextDue("p2"));
    assertEquals(Optional.of(q.now().plusSeconds(90)), q.store.leases().nextDue("p1"));
    Instant retryAt = q.now().plusSeconds(30);
    q.settle(claims.get(0), new Outcome.RetryLater("busy", retryAt));
    assertEquals(Optional.of(retryAt), q.store.leases().nextDue("p1"));
    q.clock.set(retryAt);
    assertEquals(Optional.of(q.now().plusSeconds(60)), q.store.leases().nextDue("p1"));
  }

  // Several claimers at once (threads here; processes or hosts in production): each entry is
  // claimed once, and one recipient's entries are never held by two claims at once.
  @Test
  void concurrentClaimersTakeEachEntryOnceAndOneRecipientAtATimeInOrder() throws Exception {
    int perRecipient = 6;
    for (int i = 0; i < perRecipient; i++) {
      q.broadcast("m" + i);
    }
    Map<String, String> holders = new ConcurrentHashMap<>();
    Map<String, List<String>> claimedInOrder = new ConcurrentHashMap<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String owner = "worker-" + w;
        workers.add(pool.submit(() -> drain(owner, holders, claimedInOrder, problems)));
      }
      int settled = 0;
      for (Future<Integer> worker : workers) {
        settled += worker.get();
      }
      assertEquals(List.of(), problems);
      assertEquals(3 * perRecipient, settled);
    } finally {
      pool.shutdownNow();
    }
    for (String recipient : List.of("alice", "bob", "carol")) {
      List<String> queued = q.entriesOf(recipient).stream().map(Entry::id).toList();
      assertEquals(queued, claimedInOrder.get(recipient), recipient);
      assertTrue(q.entriesOf(recipient).stream().allMatch(e -> e.state() == EntryState.DELIVERED));
    }
    assertEquals(3 * perRecipient, q.store.reports().status().totals().delivered());
  }

  // Claims and delivers until nothing is left, checking that no other claimer holds the recipient
  // of what it claimed.
  private int drain(
      String owner,
      Map<String, String> holders,
      Map<String, List<String>> claimedInOrder,
      List<String> problems) {
    int settled = 0;
    for (int round = 0; round < 100_000 && problems.isEmpty() && !drained(); round++) {
      List<Claim> claims = q.claimHeads(owner);
      for (Claim claim : claims) {
        String recipient = claim.entry().recipient();
        String other = holders.putIfAbsent(recipient, owner);
        if (other != null) {
          problems.add(owner + " claimed " + claim.entry().id() + " while " + other + " held it");
        }
        claimedInOrder
            .computeIfAbsent(recipient, r -> Collections.synchronizedList(new ArrayList<>()))
            .add(claim.entry().id());
      }
      for (Claim claim : claims) {
        holders.remove(claim.entry().recipient());
        settled += q.deliver(claim);
      }
    }
    return settled;
  }

  private boolean drained() {
    var totals = q.store.reports().status().totals();
    return totals.pending() == 0 && totals.processing() == 0;
  }

  private static List<String> bodies(List<Claim> batch) {
    return batch.stream().map(c -> c.message().body()).toList();
  }
}
