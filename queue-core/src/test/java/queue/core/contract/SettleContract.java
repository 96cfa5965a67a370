package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** Delivery outcomes and what they do to an entry, its recipient and the counters. */
abstract class SettleContract extends ContractPart {

  SettleContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob");
  }

  @Test
  void deliveredCountsTheAttemptTheDeliveryAndItsTime() {
    q.sendTo("alice", "1");
    Claim claim = q.claimOne("p1");
    q.clock.advance(Duration.ofSeconds(4));

    assertEquals(1, q.deliver(claim));

    Entry delivered = q.entry(claim.entry().id());
    assertEquals(EntryState.DELIVERED, delivered.state());
    assertEquals(1, delivered.attempts());
    assertEquals(q.now(), delivered.deliveredAt());
    QueueFixture.assertNoLease(delivered);
    assertEquals(1, q.statusOf("alice").counts().delivered());
    assertEquals(q.now(), q.statusOf("alice").lastDeliveredAt());
    assertEquals(1, q.store.reports().status().totals().delivered());
    assertEquals(List.of(), q.claimHeads("p1"));
  }

  @Test
  void retryLaterKeepsTheErrorAndHoldsBackTheRecipientUntilItIsDue() {
    q.sendTo("alice", "1");
    q.sendTo("alice", "2");
    Claim claim = q.claimOne("p1");
    q.sendTo("bob", "for bob");
    q.deliver(q.claimOne("p1"));
    Instant due = q.now().plusSeconds(30);

    assertEquals(1, q.settle(claim, new Outcome.RetryLater("connection refused", due)));

    Entry waiting = q.entry(claim.entry().id());
    assertEquals(EntryState.PENDING, waiting.state());
    assertEquals(1, waiting.attempts());
    assertEquals(due, waiting.nextAttemptAt());
    assertEquals("connection refused", waiting.lastError());
    QueueFixture.assertNoLease(waiting);
    assertEquals(List.of(), q.claimHeads("p1"), "alice's second entry waits behind the first");
    q.clock.set(due.minusMillis(1));
    assertEquals(List.of(), q.claimHeads("p1"));
    q.clock.set(due);
    Claim retried = q.claimOne("p1");
    assertEquals(claim.entry().id(), retried.entry().id());
    assertEquals(2, retried.attempt());
    assertEquals("connection refused", retried.entry().lastError());
  }

  @Test
  void failedKeepsTheErrorCountsTheAttemptAndLetsTheNextEntryGo() {
    q.sendTo("alice", "1");
    q.sendTo("alice", "2");
    Claim claim = q.claimOne("p1");

    assertEquals(1, q.settle(claim, new Outcome.Failed("HTTP 404")));

    Entry failed = q.entry(claim.entry().id());
    assertEquals(EntryState.FAILED, failed.state());
    assertEquals("HTTP 404", failed.lastError());
    assertEquals(1, failed.attempts());
    assertNull(failed.deliveredAt());
    QueueFixture.assertNoLease(failed);
    assertEquals("2", q.claimOne("p1").message().body());
    assertEquals(1, q.statusOf("alice").counts().failed());
    assertEquals(0, q.statusOf("alice").counts().delivered());
  }

  @Test
  void expiredFailsTheEntryWithoutCountingAnAttempt() {
    q.sendTo("alice", "1");
    Claim claim = q.claimOne("p1");

    assertEquals(1, q.settle(claim, new Outcome.Expired()));

    Entry expired = q.entry(claim.entry().id());
    assertEquals(EntryState.FAILED, expired.state());
    assertEquals("expired", expired.lastError());
    assertEquals(0, expired.attempts());
  }

  @Test
  void attemptsCountEveryEndedAttempt() {
    q.sendTo("alice", "1");
    for (int attempt = 1; attempt <= 3; attempt++) {
      Claim claim = q.claimOne("p1");
      assertEquals(attempt, claim.attempt());
      q.settle(claim, new Outcome.RetryLater("try " + attempt, q.now()));
    }

    Claim last = q.claimOne("p1");
    q.deliver(last);

    assertEquals(4, q.entry(last.entry().id()).attempts());
    assertEquals("try 3", q.entry(last.entry().id()).lastError());
  }

  @Test
  void oneSettleAppliesEveryCompletionOfABatch() {
    for (int i = 0; i < 3; i++) {
      q.broadcast("m" + i);
    }
    List<Claim> claims = q.claim("p1", 8, 8).stream().flatMap(List::stream).toList();
    assertEquals(6, claims.size());

    int applied =
        q.store
            .leases()
            .settle(claims.stream().map(c -> new Completion(c.lease(), outcomeFor(c))).toList());

    assertEquals(6, applied);
    assertEquals(3, q.statusOf("alice").counts().delivered());
    assertEquals(3, q.statusOf("bob").counts().failed());
  }

  private static Outcome outcomeFor(Claim claim) {
    return claim.entry().recipient().equals("alice")
        ? new Outcome.Delivered()
        : new Outcome.Failed("bob says no");
  }

  @Test
  void deliveredCountersSurviveRetirePurgeAndRemoval() {
    q.sendTo("alice", "1");
    q.sendTo("bob", "2");
    q.claimHeads("p1").forEach(q::deliver);
    Instant lastDelivery = q.now();
    q.clock.advance(Duration.ofHours(2));
    q.sendTo("alice", "3");
    q.deliver(q.claimOne("p1"));

    assertEquals(2, q.store.upkeep().retire(Duration.ofHours(1)));
    assertEquals(1, q.store.upkeep().purge(Set.of(), null));
    assertEquals(List.of(), q.entries());
    assertEquals(2, q.statusOf("alice").counts().delivered());
    assertEquals(q.now(), q.statusOf("alice").lastDeliveredAt());
    assertEquals(lastDelivery, q.statusOf("bob").lastDeliveredAt());

    q.store.agents().remove("bob", false);

    assertEquals(3, q.store.reports().status().totals().delivered());
  }
}
