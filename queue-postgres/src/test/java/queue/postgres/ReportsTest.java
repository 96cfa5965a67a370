package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

class ReportsTest extends StoreFixture {

  @Test
  void statusCountsEachAgentsEntriesByState() {
    register("alice", "bob");
    Instant sentAt = now();
    send("alice", "a1");
    send("alice", "a2");
    Instant at = now().plus(Duration.ofHours(1));
    store.sends().send(SendRequest.to(List.of("alice"), "me", "later").withNotBefore(at));
    send("bob", "b1");
    List<Claim> claims = claimHeads("p1");
    settle(claims.get(1), new Outcome.Failed("gone"));
    store.agents().change("bob", AgentChange.pause());
    clock.advance(Duration.ofSeconds(5));

    StatusReport status = store.reports().status();

    AgentStatus alice = status.agents().get(0);
    assertEquals(new Counts(2, 1, 1, 0, 0), alice.counts());
    assertEquals(sentAt, alice.oldestPendingSince());
    assertEquals("inbox", alice.transport());
    assertFalse(alice.paused());
    AgentStatus bob = status.agents().get(1);
    assertEquals(new Counts(0, 0, 0, 0, 1), bob.counts());
    assertTrue(bob.paused());
    assertEquals("gone", bob.lastError());
    assertNull(bob.oldestPendingSince());
    assertEquals(new Counts(2, 1, 1, 0, 1), status.totals());
  }

  @Test
  void deliveredTotalsKeepRemovedAgentsAndRecipientsWithEntriesStayListed() {
    register("alice", "bob");
    send("alice", "a1");
    send("bob", "b1");
    claimHeads("p1").forEach(this::deliver);
    send("bob", "b2");
    store.agents().remove("alice", false);
    store.agents().remove("bob", true);

    StatusReport status = store.reports().status();

    assertEquals(2, status.totals().delivered());
    assertEquals(List.of("alice", "bob"), status.agents().stream().map(AgentStatus::name).toList());
    assertFalse(status.agents().get(1).registered());
    assertNull(status.agents().get(1).transport());
    assertEquals(1, status.agents().get(1).counts().failed());
  }

  @Test
  void listFiltersByStateAndAgentInQueueOrder() {
    register("alice", "bob");
    send("alice", "a1");
    send("bob", "b1");
    send("alice", "a2");

    List<EntryView> alice = store.reports().list(null, "alice", 0);
    List<EntryView> pending = store.reports().list(EntryState.PENDING, null, 2);

    assertEquals(List.of("a1", "a2"), alice.stream().map(EntryView::body).toList());
    assertEquals(List.of("a1", "b1"), pending.stream().map(EntryView::body).toList());
    assertEquals(List.of(), store.reports().list(EntryState.FAILED, null, 0));
  }

  @Test
  void messageIsFoundByAPrefixWithEachRecipientsState() {
    register("alice", "bob");
    String id = send("alice,bob", "hello");
    deliver(claimHeads("p1").get(0));

    MessageStatus status = store.reports().message(id.toUpperCase()).orElseThrow();

    assertEquals(id, status.messageId());
    assertEquals("hello", status.body());
    assertEquals("me", status.sender());
    assertEquals(1, status.count(EntryState.DELIVERED));
    assertEquals(1, status.count(EntryState.PROCESSING));
    assertFalse(status.isSettled());
    assertEquals(Optional.empty(), store.reports().message("zzzzzzzz"));
  }

  @Test
  void recentMessagesAreNewestFirst() {
    register("alice");
    send("alice", "one");
    send("alice", "two");
    send("alice", "three");

    List<MessageStatus> recent = store.reports().recentMessages(2);

    assertEquals(List.of("three", "two"), recent.stream().map(MessageStatus::body).toList());
    assertEquals(1, recent.get(0).recipients().size());
  }
}
