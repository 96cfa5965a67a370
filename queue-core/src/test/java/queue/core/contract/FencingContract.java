package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Outcome;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** Leases that run out, are taken over, renewed or handed back; results fenced by their token. */
abstract class FencingContract extends ContractPart {

  FencingContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob");
  }

  @Test
  void leaseHoldsUntilItRunsOutThenAnotherOwnerClaimsTheEntryWithANewToken() {
    q.sendTo("alice", "1");
    Claim first = q.claimOne("p1");
    q.clock.advance(QueueFixture.LEASE.minusSeconds(1));
    assertEquals(List.of(), q.claimHeads("p2"));

    q.clock.advance(Duration.ofSeconds(1));
    Claim again = q.claimOne("p2");

    assertEquals(first.entry().id(), again.entry().id());
    assertNotEquals(first.lease().token(), again.lease().token());
    assertEquals("p2", q.entry(first.entry().id()).leaseOwner());
    assertEquals(1, again.attempt(), "a lease that ran out is not a failed attempt");
  }

  @Test
  void lateResultsOfAClaimThatWasTakenOverChangeNothing() {
    q.sendTo("alice", "1");
    Claim lost = q.claimOne("p1");
    q.clock.advance(QueueFixture.LEASE.plusSeconds(1));
    Claim winner = q.claimOne("p2");
    QueueFixture.State taken = q.state();

    assertEquals(0, q.deliver(lost));
    assertEquals(0, q.settle(lost, new Outcome.Failed("late")));
    assertEquals(Set.of(), q.store.leases().renew(List.of(lost.lease()), QueueFixture.LEASE));
    assertEquals(0, q.store.leases().handBack(List.of(lost.lease())));
    assertEquals(taken, q.state());

    assertEquals(1, q.deliver(winner));
    assertEquals(EntryState.DELIVERED, q.entry(winner.entry().id()).state());
    assertEquals(1, q.statusOf("alice").counts().delivered());
  }

  @Test
  void resultOfALeaseThatRanOutButWasNotTakenOverStillApplies() {
    q.sendTo("alice", "1");
    Claim slow = q.claimOne("p1");
    q.clock.advance(QueueFixture.LEASE.multipliedBy(3));

    assertEquals(1, q.deliver(slow));

    assertEquals(EntryState.DELIVERED, q.entry(slow.entry().id()).state());
  }

  @Test
  void settleAppliesOnlyTheCompletionsWhoseClaimStillHolds() {
    q.sendTo("alice", "a");
    q.sendTo("bob", "b");
    List<Claim> claims = q.claimHeads("p1");
    Claim bobs = claims.get(1);
    LeaseRef wrongToken = new LeaseRef(bobs.entry().id(), bobs.lease().token() + 1);

    int applied =
        q.store
            .leases()
            .settle(
                List.of(
                    new Completion(claims.get(0).lease(), new Outcome.Delivered()),
                    new Completion(wrongToken, new Outcome.Delivered())));

    assertEquals(1, applied);
    assertEquals(EntryState.DELIVERED, q.entry(claims.get(0).entry().id()).state());
    assertEquals(EntryState.PROCESSING, q.entry(bobs.entry().id()).state());
  }

  @Test
  void renewExtendsOnlyTheLeasesTheNamedClaimStillHolds() {
    q.sendTo("alice", "a");
    q.sendTo("bob", "b");
    Claim mine = q.claim("p1", 1, 1).get(0).get(0);
    Claim theirs = q.claim("p2", 1, 1).get(0).get(0);
    q.clock.advance(Duration.ofSeconds(50));

    Set<String> renewed =
        q.store
            .leases()
            .renew(
                List.of(mine.lease(), new LeaseRef(theirs.entry().id(), mine.lease().token())),
                QueueFixture.LEASE);

    assertEquals(Set.of(mine.entry().id()), renewed);
    assertEquals(q.now().plus(QueueFixture.LEASE), q.entry(mine.entry().id()).leaseExpiresAt());
    q.clock.advance(Duration.ofSeconds(20));
    List<Claim> reclaimed = q.claimHeads("p3");
    assertEquals(
        List.of(theirs.entry().id()), reclaimed.stream().map(c -> c.entry().id()).toList());
  }

  @Test
  void leaseThatRanOutButWasNotTakenOverIsRenewed() {
    q.sendTo("alice", "a");
    Claim slow = q.claimOne("p1");
    q.clock.advance(QueueFixture.LEASE.plusSeconds(5));

    assertEquals(
        Set.of(slow.entry().id()),
        q.store.leases().renew(List.of(slow.lease()), QueueFixture.LEASE));

    assertEquals(List.of(), q.claimHeads("p2"));
  }

  @Test
  void handBackMakesTheEntryDueAtOnceAndKeepsItsAttempts() {
    q.sendTo("alice", "1");
    Claim first = q.claimOne("p1");
    q.settle(first, new Outcome.RetryLater("busy", q.now().plusSeconds(10)));
    q.clock.advance(Duration.ofSeconds(10));
    Claim second = q.claimOne("p1");
    q.clock.advance(Duration.ofSeconds(2));

    assertEquals(1, q.store.leases().handBack(List.of(second.lease())));

    Entry back = q.entry(second.entry().id());
    assertEquals(EntryState.PENDING, back.state());
    assertEquals(1, back.attempts());
    assertEquals(q.now(), back.nextAttemptAt());
    assertEquals("busy", back.lastError());
    QueueFixture.assertNoLease(back);
    Claim third = q.claimOne("p2");
    assertEquals(second.entry().id(), third.entry().id());
    assertEquals(2, third.attempt());
  }

  @Test
  void handBackNamingAnotherClaimsTokenChangesNothing() {
    q.sendTo("alice", "1");
    Claim held = q.claimOne("p1");
    QueueFixture.State before = q.state();

    int handed =
        q.store
            .leases()
            .handBack(List.of(new LeaseRef(held.entry().id(), held.lease().token() + 1)));

    assertEquals(0, handed);
    assertEquals(before, q.state());
  }

  @Test
  void emptyRenewSettleAndHandBackChangeNothing() {
    q.sendTo("alice", "1");
    q.claimOne("p1");
    QueueFixture.State before = q.state();

    assertEquals(Set.of(), q.store.leases().renew(List.of(), QueueFixture.LEASE));
    assertEquals(0, q.store.leases().settle(List.of()));
    assertEquals(0, q.store.leases().handBack(List.of()));

    assertEquals(before, q.state());
  }

  @Test
  void resultsForAnEntryThatIsNotHeldAtAllChangeNothing() {
    q.sendTo("alice", "1");
    Claim claim = q.claimOne("p1");
    q.deliver(claim);
    Instant deliveredAt = q.entry(claim.entry().id()).deliveredAt();
    QueueFixture.State before = q.state();
    q.clock.advance(Duration.ofMinutes(1));

    assertEquals(0, q.deliver(claim));
    assertEquals(0, q.store.leases().handBack(List.of(claim.lease())));

    assertEquals(before, q.state());
    assertEquals(deliveredAt, q.entry(claim.entry().id()).deliveredAt());
  }
}
