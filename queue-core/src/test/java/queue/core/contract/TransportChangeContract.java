package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.TestAgents;

/**
 * Changing where an agent receives ({@code agents set NAME --inbox|--url|--exec|--pull}): its
 * entries not yet delivered keep their place and order and go the new way; one in flight finishes
 * the old way.
 */
abstract class TransportChangeContract extends ContractPart {
  private static final List<String> ARGV = List.of("/bin/cat", "-u");

  TransportChangeContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob");
  }

  @Test
  void pendingEntriesKeepTheirPlaceAndOrderAndAreClaimedForTheNewTransport() {
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sent.add(q.sendTo("alice,bob", "message " + i));
    }
    List<Entry> before = q.entriesOf("alice");

    q.store.agents().change("alice", TestAgents.movedTo(q.requests.exec("alice", ARGV, q.now())));

    assertEquals(before, q.entriesOf("alice"));
    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Claim claim = claimOf("alice");
      assertEquals("exec", claim.agent().transport());
      assertEquals(ARGV, claim.agent().target().texts("exec"));
      claimed.add(claim.entry().messageId());
      q.deliver(claim);
    }
    assertEquals(sent, claimed);
  }

  @Test
  void entryInFlightFinishesTheOldWay() {
    q.sendTo("alice", "in flight");
    q.sendTo("alice", "after the change");
    Claim inFlight = claimOf("alice");
    assertEquals("inbox", inFlight.agent().transport());

    q.store.agents().change("alice", TestAgents.movedTo(q.requests.http("alice", URL, q.now())));

    assertEquals(1, q.deliver(inFlight));
    assertEquals(EntryState.DELIVERED, q.entry(inFlight.entry().id()).state());
    Claim next = claimOf("alice");
    assertEquals("http", next.agent().transport());
    assertEquals("after the change", next.message().body());
  }

  @Test
  void agentMovedToPullIsLeftToItsReceiverWhoGetsTheBacklogInOrder() {
    String first = q.sendTo("alice", "one");
    String second = q.sendTo("alice", "two");

    q.store.agents().change("alice", TestAgents.movedTo(q.requests.pull("alice", q.now())));

    assertTrue(q.claimHeads("p1").stream().noneMatch(c -> c.entry().recipient().equals("alice")));
    List<Claim> received = q.receive("receiver", "alice", 10);
    assertEquals(
        List.of(first, second), received.stream().map(c -> c.entry().messageId()).toList());
  }

  @Test
  void pullAgentMovedToAnInboxIsClaimedByProcessorsAgain() {
    q.registerPull("puller");
    String waiting = q.sendTo("puller", "waiting");

    q.store
        .agents()
        .change("puller", TestAgents.movedTo(q.requests.inbox("puller", null, q.now())));

    assertEquals(waiting, claimOf("puller").entry().messageId());
    assertEquals(List.of(), q.receive("receiver", "puller", 10));
  }

  @Test
  void theNewTransportTakesTheOldOnesTargetFieldsPlaceAndTheRestStays() {
    q.store.agents().change("alice", AgentChange.target(TestAgents.settings(3, null, null, null)));
    q.store.agents().change("alice", AgentChange.pause());
    q.store.agents().change("alice", AgentChange.NONE.joining(List.of("reviewers")));
    q.store.agents().add(q.requests.inbox("carol", "/srv/carol", q.now()));
    Agent before = q.agent("alice");
    q.clock.advance(Duration.ofMinutes(1));

    Agent moved =
        q.store
            .agents()
            .change("alice", TestAgents.movedTo(q.requests.http("alice", URL, q.now())));
    Agent carol =
        q.store.agents().change("carol", TestAgents.movedTo(q.requests.pull("carol", q.now())));

    assertEquals(moved, q.agent("alice"));
    assertEquals("http", moved.transport());
    assertEquals(TestAgents.settings(3, null, null, null).with("url", URL), moved.target());
    assertFalse(moved.pinned());
    assertEquals(QueueFixture.HOST, moved.host());
    assertTrue(moved.paused());
    assertEquals(List.of("reviewers"), moved.groups());
    assertEquals(before.registeredAt(), moved.registeredAt());
    assertEquals("pull", carol.transport());
    assertNull(carol.target().text("inbox"));
    assertTrue(carol.target().isEmpty());
  }

  @Test
  void transportChangeOfAnUnknownAgentIsRefused() {
    q.assertRefused(
        () ->
            q.store
                .agents()
                .change("ghost", TestAgents.movedTo(q.requests.pull("ghost", q.now()))));
  }

  private static final String URL = "http://127.0.0.1:9/in";

  private Claim claimOf(String recipient) {
    return q.claimHeads("p1").stream()
        .filter(c -> c.entry().recipient().equals(recipient))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no claim for " + recipient));
  }
}
