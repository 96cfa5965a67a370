package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.MessageStatus;
import queue.core.api.MessageStatus.RecipientState;
import queue.core.api.Outcome;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** Retry, purge and retention into history. */
abstract class UpkeepContract extends ContractPart {

  UpkeepContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob");
  }

  private Entry failOne(String recipient) {
    q.sendTo(recipient, "doomed for " + recipient);
    return q.failHead("p1", "gone");
  }

  @Test
  void retryOfAnEntryMakesItPendingAndDueNowWithAFreshAttemptBudget() {
    Entry failed = failOne("alice");
    q.clock.advance(Duration.ofMinutes(3));

    assertEquals(1, q.store.upkeep().retry(List.of(failed.id())));

    Entry retried = q.entry(failed.id());
    assertEquals(EntryState.PENDING, retried.state());
    assertEquals(0, retried.attempts());
    assertEquals(q.now(), retried.nextAttemptAt());
    assertEquals(failed.id(), q.claimOne("p2").entry().id());
  }

  @Test
  void retryOfAMessageRetriesOnlyItsFailedEntries() {
    String messageId = q.sendTo("alice,bob", "half failed");
    var claims = q.claimHeads("p1");
    q.deliver(claims.get(0));
    q.settle(claims.get(1), new Outcome.Failed("bob is down"));

    assertEquals(1, q.store.upkeep().retry(List.of(messageId)));

    Map<String, EntryState> states = statesOf(messageId);
    assertEquals(Map.of("alice", EntryState.DELIVERED, "bob", EntryState.PENDING), states);
  }

  @Test
  void retryTakesSeveralIdsInAnyCase() {
    Entry a = failOne("alice");
    Entry b = failOne("bob");

    assertEquals(2, q.store.upkeep().retry(List.of(a.id().toUpperCase(), b.messageId(), a.id())));

    assertTrue(q.entries().stream().allMatch(e -> e.state() == EntryState.PENDING));
  }

  @Test
  void retryOfAnIdThatMatchesNothingIsRefused() {
    failOne("alice");

    q.assertRefused(() -> q.store.upkeep().retry(List.of("zzzzzzzz")));
  }

  @Test
  void retryOfAnEntryThatIsNotFailedRefusesTheWholeCommand() {
    Entry failed = failOne("alice");
    q.sendTo("bob", "fine");
    String pending = q.entriesOf("bob").get(0).id();

    var error = q.assertRefused(() -> q.store.upkeep().retry(List.of(failed.id(), pending)));

    assertTrue(error.getMessage().contains(pending), error.getMessage());
  }

  @Test
  void retryAllRetriesEveryFailedEntryAndOnlyThose() {
    failOne("alice");
    failOne("bob");
    q.sendTo("alice", "pending");

    assertEquals(2, q.store.upkeep().retryAll());

    assertTrue(q.entries().stream().allMatch(e -> e.state() == EntryState.PENDING));
    assertEquals(0, q.store.upkeep().retryAll());
  }

  @Test
  void retryLeavesFailedTheEntriesOfAnAgentRemovedSince() {
    Entry gone = failOne("alice");
    Entry kept = failOne("bob");
    q.store.agents().remove("alice", false);

    var error = q.assertRefused(() -> q.store.upkeep().retry(List.of(gone.id())));
    assertTrue(error.getMessage().contains("alice"), error.getMessage());
    assertEquals(1, q.store.upkeep().retryAll());

    assertEquals(EntryState.FAILED, q.entry(gone.id()).state());
    assertEquals(EntryState.PENDING, q.entry(kept.id()).state());
  }

  @Test
  void purgeRemovesDeliveredAndFailedEntriesByDefault() {
    failOne("alice");
    q.sendTo("bob", "ok");
    q.deliver(q.claimOne("p1"));
    q.sendTo("bob", "waiting");

    assertEquals(2, q.store.upkeep().purge(Set.of(), null));

    assertEquals(List.of("waiting"), q.bodies());
    assertEquals(1, q.store.reports().status().totals().delivered());
  }

  @Test
  void purgeTakesOnlyTheStatesAndAgeItIsGiven() {
    Entry old = failOne("alice");
    q.clock.advance(Duration.ofHours(2));
    failOne("bob");
    q.sendTo("alice", "pending");

    assertEquals(0, q.store.upkeep().purge(Set.of(EntryState.DELIVERED), null));
    assertEquals(1, q.store.upkeep().purge(Set.of(EntryState.FAILED), Duration.ofHours(1)));

    assertTrue(q.entries().stream().noneMatch(e -> e.id().equals(old.id())));
    assertEquals(2, q.entries().size());
    assertEquals(1, q.store.upkeep().purge(Set.of(EntryState.PENDING), null));
    assertEquals(List.of("doomed for bob"), q.bodies());
  }

  @Test
  void purgedMessageIsNoLongerFound() {
    Entry failed = failOne("alice");

    q.store.upkeep().purge(Set.of(), null);

    assertTrue(q.store.reports().message(failed.messageId()).isEmpty());
    assertEquals(List.of(), q.store.reports().recentMessages(10));
  }

  @Test
  void retireMovesOnlyDeliveriesOlderThanTheRetentionOutOfTheQueue() {
    q.sendTo("alice", "old news");
    q.deliver(q.claimOne("p1"));
    q.clock.advance(Duration.ofMinutes(90));
    q.sendTo("alice", "fresh");
    q.deliver(q.claimOne("p1"));
    failOne("bob");

    assertEquals(1, q.store.upkeep().retire(Duration.ofHours(1)));

    assertEquals(List.of("fresh", "doomed for bob"), q.bodies());
    assertEquals(2, q.statusOf("alice").counts().delivered());
    assertEquals(0, q.store.upkeep().retire(Duration.ofHours(1)));
  }

  @Test
  void retiredMessageIsStillFoundWithItsRecipientsStates() {
    String id = q.sendTo("alice,bob", "for history");
    q.claimHeads("p1").forEach(q::deliver);
    q.clock.advance(Duration.ofHours(2));

    assertEquals(2, q.store.upkeep().retire(Duration.ofHours(1)));

    assertEquals(List.of(), q.entries());
    MessageStatus status = q.store.reports().message(id).orElseThrow();
    assertEquals("for history", status.body());
    assertEquals(QueueFixture.SENDER, status.sender());
    assertEquals(Map.of("alice", EntryState.DELIVERED, "bob", EntryState.DELIVERED), statesOf(id));
    assertTrue(status.isSettled());
  }

  // Retention moves a broadcast's entries as each is delivered long enough: the message shows
  // every recipient, wherever its entry is now.
  @Test
  void partlyRetiredMessageShowsEveryRecipient() {
    String id = q.sendTo("alice,bob", "half way");
    q.deliver(q.claimHeads("p1").get(0));
    q.clock.advance(Duration.ofHours(2));

    assertEquals(1, q.store.upkeep().retire(Duration.ofHours(1)));

    assertEquals(Map.of("alice", EntryState.DELIVERED, "bob", EntryState.PROCESSING), statesOf(id));
    List<String> recipients =
        q.store.reports().message(id).orElseThrow().recipients().stream()
            .map(RecipientState::recipient)
            .toList();
    assertEquals(List.of("alice", "bob"), recipients);
  }

  private Map<String, EntryState> statesOf(String messageId) {
    return q.store.reports().message(messageId).orElseThrow().recipients().stream()
        .collect(Collectors.toMap(RecipientState::recipient, RecipientState::state));
  }
}
