package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.SendRequest;
import queue.core.api.StatusReport.Counts;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** Scheduled sends ({@code --delay}, {@code --at}) and expiry ({@code --ttl}). */
abstract class ScheduleContract extends ContractPart {
  private static final Duration TTL = Duration.ofMinutes(10);

  ScheduleContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob");
  }

  private String sendAt(String recipient, String body, Instant notBefore) {
    return q.send(SendRequest.to(List.of(recipient), "ops", body).withNotBefore(notBefore))
        .messageId();
  }

  private String sendWithTtl(String recipient, String body, Duration ttl) {
    return q.send(SendRequest.to(List.of(recipient), "ops", body).withTtl(ttl)).messageId();
  }

  @Test
  void scheduledEntryIsNotClaimedBeforeItsTimeAndIsAtIt() {
    Instant at = q.now().plus(Duration.ofMinutes(5));
    sendAt("alice", "later", at);

    assertEquals(at, q.entries().get(0).nextAttemptAt());
    q.clock.set(at.minusMillis(1));
    assertEquals(List.of(), q.claimHeads("p1"));

    q.clock.set(at);
    Claim claim = q.claimOne("p1");
    assertEquals("later", claim.message().body());
    assertEquals(1, claim.attempt());
  }

  @Test
  void scheduledEntryIsCountedAsPendingAndAsScheduledUntilItsTime() {
    Instant at = q.now().plus(Duration.ofMinutes(5));
    sendAt("alice", "later", at);
    q.sendTo("alice", "now");

    assertEquals(new Counts(2, 1, 0, 0, 0), q.statusOf("alice").counts());
    assertEquals(new Counts(2, 1, 0, 0, 0), q.store.reports().status().totals());

    q.clock.set(at);
    assertEquals(new Counts(2, 0, 0, 0, 0), q.statusOf("alice").counts());
  }

  @Test
  void scheduledEntryDoesNotHoldBackALaterEntryToTheSameRecipient() {
    Instant at = q.now().plus(Duration.ofMinutes(5));
    sendAt("alice", "later", at);
    q.sendTo("alice", "now");

    Claim first = q.claimOne("p1");
    assertEquals("now", first.message().body());
    q.deliver(first);
    assertEquals(List.of(), q.claimHeads("p1"));

    q.clock.set(at);
    assertEquals("later", q.claimOne("p1").message().body());
  }

  @Test
  void entryWithATtlExpiresItsTtlAfterItWasSent() {
    q.clock.advance(Duration.ofSeconds(11));

    sendWithTtl("alice", "soon stale", TTL);

    assertEquals(q.now().plus(TTL), q.entries().get(0).expiresAt());
  }

  @Test
  void entryIsClaimedWhileItsTtlRuns() {
    sendWithTtl("alice", "fresh", TTL);
    q.clock.advance(TTL.minusMillis(1));

    assertEquals("fresh", q.claimOne("p1").message().body());
  }

  @Test
  void entryPastItsTtlIsFailedExpiredWithoutAnAttemptAndNeverClaimed() {
    sendWithTtl("alice", "stale", TTL);
    q.sendTo("alice", "no ttl");
    q.clock.advance(TTL);

    Claim next = q.claimOne("p1");

    assertEquals("no ttl", next.message().body());
    Entry expired = q.entriesOf("alice").get(0);
    assertEquals(EntryState.FAILED, expired.state());
    assertEquals("expired", expired.lastError());
    assertEquals(0, expired.attempts());
    q.deliver(next);
    q.clock.advance(Duration.ofDays(1));
    assertEquals(List.of(), q.claimHeads("p1"));
    assertEquals(EntryState.FAILED, q.entry(expired.id()).state());
  }

  @Test
  void entryWhoseLeaseRanOutAfterItsTtlIsFailedExpired() {
    sendWithTtl("alice", "slow", Duration.ofSeconds(30));
    Claim abandoned = q.claimOne("p1");
    q.clock.advance(QueueFixture.LEASE);

    assertEquals(List.of(), q.claimHeads("p2"));

    Entry expired = q.entry(abandoned.entry().id());
    assertEquals(EntryState.FAILED, expired.state());
    assertEquals("expired", expired.lastError());
  }

  @Test
  void retryOfAnExpiredEntryGivesItAFreshTtl() {
    String messageId = sendWithTtl("alice", "again", TTL);
    q.clock.advance(TTL.plusMinutes(5));
    q.claimHeads("p1");
    assertEquals(EntryState.FAILED, q.entries().get(0).state());

    assertEquals(1, q.store.upkeep().retry(List.of(messageId)));

    Entry retried = q.entries().get(0);
    assertEquals(EntryState.PENDING, retried.state());
    assertEquals(q.now().plus(TTL), retried.expiresAt());
    q.clock.advance(TTL.minusSeconds(1));
    assertEquals("again", q.claimOne("p1").message().body());
  }

  @Test
  void scheduledSendWithoutTtlNeverExpires() {
    Instant at = q.now().plus(Duration.ofDays(3));
    sendAt("bob", "far ahead", at);

    q.clock.set(at);

    Claim claim = q.claimOne("p1");
    assertNull(claim.entry().expiresAt());
  }

  @Test
  void scheduledEntryWhoseTtlRunsOutBeforeItsTimeExpires() {
    q.send(
        SendRequest.to(List.of("alice"), "ops", "too late")
            .withNotBefore(q.now().plus(Duration.ofHours(1)))
            .withTtl(Duration.ofMinutes(30)));
    q.clock.advance(Duration.ofHours(1));

    assertEquals(List.of(), q.claimHeads("p1"));

    assertEquals("expired", q.entries().get(0).lastError());
  }
}
