package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.EntryView;
import queue.core.api.MessageStatus;
import queue.core.api.Outcome;
import queue.core.api.SendRequest;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;
import queue.core.model.AgentChange;
import queue.core.model.EntryState;

/** What {@code status}, {@code list} and {@code status --message} answer. */
abstract class ReportsContract extends ContractPart {

  ReportsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @Test
  void statusCountsEntriesPerStateForEachAgentAndInTotal() {
    q.register("alice", "bob");
    q.sendTo("alice", "1");
    q.sendTo("alice", "2");
    q.sendTo("bob", "3");
    q.sendTo("bob", "4");
    q.send(SendRequest.to(List.of("bob"), "ops", "5").withNotBefore(q.now().plusSeconds(60)));
    List<Claim> heads = q.claimHeads("p1");
    q.deliver(heads.get(0));
    q.settle(heads.get(1), new Outcome.Failed("no"));
    q.claimHeads("p1");

    StatusReport status = q.store.reports().status();

    assertEquals(List.of("alice", "bob"), status.agents().stream().map(AgentStatus::name).toList());
    assertEquals(new Counts(0, 0, 1, 1, 0), q.statusOf("alice").counts());
    assertEquals(new Counts(1, 1, 1, 0, 1), q.statusOf("bob").counts());
    assertEquals(new Counts(1, 1, 2, 1, 1), status.totals());
  }

  @Test
  void statusShowsEachAgentsTransportAndPause() {
    q.register("alice");
    q.registerPull("puller");
    q.store.agents().add(q.requests.http("web", "http://127.0.0.1:1/in", q.now()));
    q.store.agents().change("web", AgentChange.pause());

    assertEquals("inbox", q.statusOf("alice").transport());
    assertEquals("pull", q.statusOf("puller").transport());
    assertEquals("http", q.statusOf("web").transport());
    assertTrue(q.statusOf("web").paused());
    assertTrue(q.statusOf("alice").registered());
    assertEquals(Counts.ZERO, q.statusOf("alice").counts());
  }

  @Test
  void removedAgentWithEntriesLeftIsShownAsNotRegistered() {
    q.register("alice", "bob");
    q.sendTo("alice", "orphan");

    q.store.agents().remove("alice", true);

    AgentStatus alice = q.statusOf("alice");
    assertFalse(alice.registered());
    assertNull(alice.transport());
    assertEquals(new Counts(0, 0, 0, 0, 1), alice.counts());
    assertEquals("agent removed", alice.lastError());
  }

  @Test
  void statusShowsTheLastErrorLastDeliveryAndSinceWhenTheOldestEntryWaits() {
    q.register("alice", "bob");
    q.sendTo("alice", "delivered");
    q.deliver(q.claimOne("p1"));
    Instant delivery = q.now();
    q.clock.advance(Duration.ofSeconds(10));
    Instant bobsQueued = q.now();
    q.sendTo("bob", "waiting");
    q.sendTo("bob", "waiting too");
    q.store.agents().change("bob", AgentChange.pause());
    q.sendTo("alice", "retried");
    q.clock.advance(Duration.ofSeconds(5));
    q.settle(q.claimOne("p1"), new Outcome.RetryLater("HTTP 503", q.now().plusSeconds(1)));

    AgentStatus alice = q.statusOf("alice");
    AgentStatus bob = q.statusOf("bob");

    assertEquals("HTTP 503", alice.lastError());
    assertEquals(delivery, alice.lastDeliveredAt());
    assertNull(bob.lastError());
    assertNull(bob.lastDeliveredAt());
    assertEquals(bobsQueued, bob.oldestPendingSince());
  }

  @Test
  void oldestPendingSinceLeavesScheduledEntriesAsideUntilTheirTime() {
    q.register("alice");
    Instant at = q.now().plusSeconds(120);
    q.send(SendRequest.to(List.of("alice"), "ops", "later").withNotBefore(at));

    assertNull(q.statusOf("alice").oldestPendingSince());

    q.clock.set(at.plusSeconds(1));
    assertEquals(at, q.statusOf("alice").oldestPendingSince());
  }

  @Test
  void listShowsEntriesInQueueOrderWithTheirBodiesFilteredAndLimited() {
    q.register("alice", "bob");
    q.sendTo("alice", "1");
    q.sendTo("bob", "2");
    q.sendTo("alice", "3");
    q.sendTo("alice", "4");
    q.deliver(q.claimHeads("p1").get(0));

    assertEquals(List.of("1", "2", "3", "4"), q.bodies());
    assertEquals(List.of("1", "2", "3"), bodies(q.store.reports().list(null, null, 3)));
    assertEquals(List.of("3", "4"), bodies(q.store.reports().list(EntryState.PENDING, "alice", 0)));
    assertEquals(List.of("3"), bodies(q.store.reports().list(EntryState.PENDING, "alice", 1)));
    assertEquals(List.of("2"), bodies(q.store.reports().list(EntryState.PROCESSING, null, 0)));
    assertEquals(List.of("1"), bodies(q.store.reports().list(EntryState.DELIVERED, null, 0)));
    assertEquals(List.of(), q.store.reports().list(EntryState.FAILED, null, 0));
    assertEquals(List.of(), q.store.reports().list(null, "nobody", 0));
  }

  @Test
  void messageShowsEachRecipientsStateAndWhetherItIsSettled() {
    q.register("alice", "bob");
    String id = q.broadcast("all");
    Claim alices = q.claimHeads("p1").get(0);
    q.settle(alices, new Outcome.RetryLater("later", q.now().plusSeconds(5)));

    MessageStatus status = q.store.reports().message(id).orElseThrow();

    assertEquals(id, status.messageId());
    assertEquals("all", status.body());
    assertEquals(q.now(), status.createdAt());
    assertEquals(1, status.count(EntryState.PENDING));
    assertEquals(1, status.count(EntryState.PROCESSING));
    assertFalse(status.isSettled());
    MessageStatus.RecipientState alice = status.recipients().get(0);
    assertEquals("alice", alice.recipient());
    assertEquals(alices.entry().id(), alice.entryId());
    assertEquals(1, alice.attempts());
    assertEquals("later", alice.lastError());
    assertEquals(q.now().plusSeconds(5), alice.nextAttemptAt());
    assertTrue(q.store.reports().message("zzzzzzzz").isEmpty());
  }

  @Test
  void recentMessagesAreTheNewestFirstUpToTheLimit() {
    q.register("alice");
    String first = q.sendTo("alice", "1");
    String second = q.sendTo("alice", "2");
    String third = q.sendTo("alice", "3");

    assertEquals(
        List.of(third, second),
        q.store.reports().recentMessages(2).stream().map(MessageStatus::messageId).toList());
    assertEquals(
        List.of(third, second, first),
        q.store.reports().recentMessages(10).stream().map(MessageStatus::messageId).toList());
  }

  private static List<String> bodies(List<EntryView> views) {
    return views.stream().map(EntryView::body).toList();
  }
}
