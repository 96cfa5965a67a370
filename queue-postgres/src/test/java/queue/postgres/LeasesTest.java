package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Outcome;
import queue.core.api.SendRequest;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.TestAgents;

class LeasesTest extends StoreFixture {

  @Test
  void aClaimTakesEachRecipientsHeadInQueueOrder() {
    register("alice", "bob");
    String first = send("bob", "b1");
    String second = send("alice", "a1");
    send("alice", "a2");

    List<Claim> claims = claimHeads("p1");

    assertEquals(List.of(first, second), claims.stream().map(c -> c.message().id()).toList());
    Claim claim = claims.get(0);
    assertEquals(EntryState.PROCESSING, claim.entry().state());
    assertEquals("p1", claim.entry().leaseOwner());
    assertEquals(now().plus(LEASE), claim.entry().leaseExpiresAt());
    assertEquals(1, claim.attempt());
    assertEquals("b1", claim.message().body());
    assertEquals("bob", claim.agent().name());
    assertEquals(claim.entry(), entry(claim.entry().id()));
  }

  @Test
  void aRecipientWhoseHeadIsLeasedGetsNothingUntilItIsSettled() {
    register("alice");
    send("alice", "a1");
    send("alice", "a2");
    Claim head = claimHeads("p1").get(0);

    assertEquals(List.of(), claimHeads("p2"));

    deliver(head);
    assertEquals("a2", claimHeads("p2").get(0).message().body());
  }

  @Test
  void perRecipientTakesConsecutiveDueEntriesUnderOneToken() {
    register("alice", "bob");
    send("alice", "a1");
    send("alice", "a2");
    send("bob", "b1");
    send("alice", "a3");

    List<List<Claim>> batches =
        store.leases().claim(ClaimRequest.processor("p1", HOST, LEASE, 1, 2));

    assertEquals(1, batches.size());
    assertEquals(
        List.of("a1", "a2"), batches.get(0).stream().map(c -> c.message().body()).toList());
    assertEquals(
        batches.get(0).get(0).entry().leaseToken(), batches.get(0).get(1).entry().leaseToken());
  }

  @Test
  void everyClaimHasAFencingTokenOfItsOwn() {
    register("alice", "bob");
    send("alice", "a1");
    send("bob", "b1");

    long first = claim(ClaimRequest.processor("p1", HOST, LEASE, 1, 1)).get(0).lease().token();
    long second = claim(ClaimRequest.processor("p1", HOST, LEASE, 1, 1)).get(0).lease().token();

    assertNotEquals(first, second);
    assertTrue(first > 0 && second > 0);
  }

  @Test
  void anExpiredLeaseIsClaimedAgainAndTheLateResultChangesNothing() {
    register("alice");
    send("alice", "a1");
    Claim lost = claimHeads("p1").get(0);
    clock.advance(LEASE.plusSeconds(1));

    Claim retaken = claimHeads("p2").get(0);

    assertEquals(lost.entry().id(), retaken.entry().id());
    assertEquals(1, retaken.attempt());
    assertEquals(0, deliver(lost));
    assertEquals(Set.of(), store.leases().renew(List.of(lost.lease()), LEASE));
    assertEquals(0, store.leases().handBack(List.of(lost.lease())));
    assertEquals(EntryState.PROCESSING, entry(retaken.entry().id()).state());
    assertEquals(1, deliver(retaken));
    assertEquals(EntryState.DELIVERED, entry(retaken.entry().id()).state());
  }

  @Test
  void scheduledEntriesDoNotHoldBackLaterOnes() {
    register("alice");
    store
        .sends()
        .send(
            SendRequest.to(List.of("alice"), "me", "later")
                .withNotBefore(now().plus(Duration.ofHours(1))));
    send("alice", "now");

    assertEquals(List.of("now"), bodies(claimHeads("p1")));
  }

  @Test
  void anEntryWaitingForItsRetryHoldsBackItsRecipient() {
    register("alice");
    send("alice", "a1");
    send("alice", "a2");
    Claim head = claimHeads("p1").get(0);

    settle(head, new Outcome.RetryLater("busy", now().plusSeconds(10)));

    assertEquals(List.of(), claimHeads("p1"));
    Entry waiting = entry(head.entry().id());
    assertEquals(EntryState.PENDING, waiting.state());
    assertEquals(1, waiting.attempts());
    assertEquals("busy", waiting.lastError());
    assertNull(waiting.leaseOwner());
    clock.advance(Duration.ofSeconds(10));
    Claim again = claimHeads("p1").get(0);
    assertEquals(head.entry().id(), again.entry().id());
    assertEquals(2, again.attempt());
  }

  @Test
  void pausedAgentsAreNotClaimedAndResumeInOrder() {
    register("alice", "bob");
    send("alice", "a1");
    send("bob", "b1");
    store.agents().change("alice", AgentChange.pause());

    assertEquals(List.of("b1"), bodies(claimHeads("p1")));

    store.agents().change("alice", AgentChange.resume());
    assertEquals(List.of("a1"), bodies(claimHeads("p1")));
  }

  @Test
  void aPullAgentIsClaimedOnlyByItsReceiver() {
    register("alice");
    store.agents().add(requests.pull("puller", now()));
    send("puller", "p1");
    send("puller", "p2");
    send("alice", "a1");

    assertEquals(List.of("a1"), bodies(claimHeads("processor")));
    List<Claim> received = claim(ClaimRequest.receiver("receiver", "puller", LEASE, 5));

    assertEquals(List.of("p1", "p2"), bodies(received));
    assertEquals("puller", received.get(0).agent().name());
  }

  @Test
  void aPausedPullAgentsReceiverGetsNothing() {
    store.agents().add(requests.pull("puller", now()));
    send("puller", "p1");
    store.agents().change("puller", AgentChange.pause());

    assertEquals(List.of(), claim(ClaimRequest.receiver("receiver", "puller", LEASE, 5)));
  }

  @Test
  void anInboxAgentOfAnotherHostIsLeftToAProcessorThere() {
    store.agents().add(new TestAgents("host-b").inbox("far", null, now()));
    store.agents().add(requests.http("hook", "https://example.test/in", now()));
    send("far", "f1");
    send("hook", "h1");

    assertEquals(List.of("h1"), bodies(claimHeads("here")));
    assertEquals(
        List.of("f1"), bodies(claim(ClaimRequest.processor("there", "host-b", LEASE, 10, 1))));
  }

  @Test
  void expiredEntriesAreFailedBeforeAnythingIsClaimed() {
    register("alice");
    store
        .sends()
        .send(SendRequest.to(List.of("alice"), "me", "short").withTtl(Duration.ofSeconds(5)));
    send("alice", "long");
    clock.advance(Duration.ofSeconds(5));

    assertEquals(List.of("long"), bodies(claimHeads("p1")));
    Entry expired = entries().get(0);
    assertEquals(EntryState.FAILED, expired.state());
    assertEquals(Entry.EXPIRED_ERROR, expired.lastError());
    assertEquals(0, expired.attempts());
  }

  @Test
  void aLeaseThatRanOutAfterItsTtlIsFailedNotClaimed() {
    register("alice");
    store
        .sends()
        .send(SendRequest.to(List.of("alice"), "me", "short").withTtl(Duration.ofSeconds(90)));
    Claim claim = claimHeads("p1").get(0);
    clock.advance(Duration.ofSeconds(91));

    assertEquals(List.of(), claimHeads("p2"));
    assertEquals(EntryState.FAILED, entry(claim.entry().id()).state());
  }

  // No operation leaves a PENDING entry without its agent (a removal fails them, an import of one
  // is refused): a row deleted behind the store's back does.
  @Test
  void aRecipientNoLongerRegisteredIsClaimedWithoutItsAgent() throws Exception {
    register("alice");
    send("alice", "a1");
    try (var connection = EmbeddedServer.connect(url);
        var statement = connection.createStatement()) {
      statement.execute("DELETE FROM queue_agents WHERE name = 'alice'");
    }

    Claim orphan =
        store.leases().claim(ClaimRequest.processor("p1", HOST, LEASE, 10, 1)).get(0).get(0);

    assertNull(orphan.agent());
  }

  @Test
  void settleCountsDeliveriesAndKeepsTheTime() {
    register("alice");
    send("alice", "a1");
    Claim claim = claimHeads("p1").get(0);
    clock.advance(Duration.ofSeconds(3));

    assertEquals(1, deliver(claim));

    Entry delivered = entry(claim.entry().id());
    assertEquals(EntryState.DELIVERED, delivered.state());
    assertEquals(1, delivered.attempts());
    assertEquals(now(), delivered.deliveredAt());
    assertEquals(0, delivered.leaseToken());
    var alice = store.reports().status().agents().get(0);
    assertEquals(1, alice.counts().delivered());
    assertEquals(now(), alice.lastDeliveredAt());
  }

  @Test
  void failedAndExpiredOutcomes() {
    register("alice", "bob");
    send("alice,bob", "x");
    List<Claim> claims = claimHeads("p1");

    settle(claims.get(0), new Outcome.Failed("404 not found"));
    settle(claims.get(1), new Outcome.Expired());

    Entry failed = entry(claims.get(0).entry().id());
    assertEquals(EntryState.FAILED, failed.state());
    assertEquals(1, failed.attempts());
    assertEquals("404 not found", failed.lastError());
    Entry expired = entry(claims.get(1).entry().id());
    assertEquals(0, expired.attempts());
    assertEquals(Entry.EXPIRED_ERROR, expired.lastError());
  }

  @Test
  void renewExtendsOnlyLeasesStillHeld() {
    register("alice");
    send("alice", "a1");
    Claim claim = claimHeads("p1").get(0);
    clock.advance(Duration.ofSeconds(70));

    assertEquals(Set.of(claim.entry().id()), store.leases().renew(List.of(claim.lease()), LEASE));

    assertEquals(now().plus(LEASE), entry(claim.entry().id()).leaseExpiresAt());
    assertEquals(List.of(), claimHeads("p2"));
  }

  @Test
  void handBackMakesEntriesDueAtOnceWithTheirAttempts() {
    register("alice");
    send("alice", "a1");
    Claim claim = claimHeads("p1").get(0);
    settle(claim, new Outcome.RetryLater("busy", now()));
    Claim second = claimHeads("p1").get(0);
    clock.advance(Duration.ofSeconds(1));

    assertEquals(1, store.leases().handBack(List.of(second.lease())));

    Entry back = entry(second.entry().id());
    assertEquals(EntryState.PENDING, back.state());
    assertEquals(1, back.attempts());
    assertEquals(now(), back.nextAttemptAt());
    assertNull(back.leaseOwner());
  }

  @Test
  void nextDueIsTheEarliestRetryScheduleOrForeignLease() {
    register("alice", "bob", "carol");
    assertEquals(Optional.empty(), store.leases().nextDue("p1"));
    send("alice", "a1");
    Claim alice = claimHeads("p1").get(0);
    settle(alice, new Outcome.RetryLater("busy", now().plusSeconds(30)));
    store
        .sends()
        .send(SendRequest.to(List.of("bob"), "me", "b1").withNotBefore(now().plusSeconds(20)));
    send("carol", "c1");
    claimHeads("p2");

    assertEquals(Optional.of(now().plusSeconds(20)), store.leases().nextDue("p1"));
    clock.advance(Duration.ofSeconds(25));
    assertEquals(Optional.of(now().plusSeconds(5)), store.leases().nextDue("p1"));
    assertEquals(Optional.of(now().plusSeconds(5)), store.leases().nextDue("p2"));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(Optional.of(now().plusSeconds(25)), store.leases().nextDue("p1"));
    assertEquals(Optional.empty(), store.leases().nextDue("p2"));
  }

  private static List<String> bodies(List<Claim> claims) {
    return claims.stream().map(c -> c.message().body()).toList();
  }
}
