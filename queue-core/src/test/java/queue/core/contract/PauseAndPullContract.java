package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.model.AgentChange;
import queue.core.model.EntryState;

/** Paused agents get nothing until resumed; pull agents only through their own receiver. */
abstract class PauseAndPullContract extends ContractPart {

  PauseAndPullContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob");
    q.registerPull("puller");
  }

  @Test
  void pausedAgentGetsNothingWhileOthersDoAndSendsStillQueueForIt() {
    q.store.agents().change("alice", AgentChange.pause());

    q.sendTo("alice,bob", "while paused");

    List<Claim> claims = q.claimHeads("p1");
    assertEquals(List.of("bob"), claims.stream().map(c -> c.entry().recipient()).toList());
    assertEquals(1, q.statusOf("alice").counts().pending());
    assertEquals(true, q.statusOf("alice").paused());
  }

  @Test
  void resumedAgentGetsItsBacklogInOrder() {
    q.store.agents().change("alice", AgentChange.pause());
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      sent.add(q.sendTo("alice", "backlog " + i));
    }
    assertEquals(List.of(), q.claimHeads("p1"));

    q.store.agents().change("alice", AgentChange.resume());

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Claim claim = q.claimOne("p1");
      claimed.add(claim.entry().messageId());
      q.deliver(claim);
    }
    assertEquals(sent, claimed);
  }

  @Test
  void pausingDoesNotStopWhatIsInFlight() {
    q.sendTo("alice", "in flight");
    q.sendTo("alice", "queued behind");
    Claim inFlight = q.claimOne("p1");

    q.store.agents().change("alice", AgentChange.pause());

    assertEquals(1, q.deliver(inFlight));
    assertEquals(EntryState.DELIVERED, q.entry(inFlight.entry().id()).state());
    assertEquals(List.of(), q.claimHeads("p1"));
  }

  @Test
  void processorNeverClaimsAPullAgentsEntries() {
    q.sendTo("puller,alice", "hello");

    List<Claim> claims = q.claim("p1", 10, 10).stream().flatMap(List::stream).toList();

    assertEquals(List.of("alice"), claims.stream().map(c -> c.entry().recipient()).toList());
  }

  @Test
  void receiverTakesOnlyItsPullAgentsEntriesInOrderUpToItsLimit() {
    for (int i = 1; i <= 3; i++) {
      q.sendTo("puller,alice", "m" + i);
    }

    List<Claim> received = q.receive("r1", "puller", 2);

    assertEquals(List.of("m1", "m2"), received.stream().map(c -> c.message().body()).toList());
    received.forEach(c -> assertEquals("puller", c.entry().recipient()));
    received.forEach(c -> assertEquals("puller", c.agent().name()));
    assertEquals(List.of(), q.receive("r2", "puller", 5), "one claim at a time per recipient");
    received.forEach(q::deliver);
    assertEquals(
        List.of("m3"), q.receive("r2", "puller", 5).stream().map(c -> c.message().body()).toList());
  }

  @Test
  void receiverGetsWhatItsLeaseLostAgainAfterTheLeaseRunsOut() {
    q.sendTo("puller", "m1");
    Claim lost = q.receive("r1", "puller", 1).get(0);
    q.clock.advance(QueueFixture.LEASE);

    List<Claim> again = q.receive("r2", "puller", 1);

    assertEquals(List.of(lost.entry().id()), again.stream().map(c -> c.entry().id()).toList());
  }

  @Test
  void receiverOfAPausedPullAgentGetsNothing() {
    q.sendTo("puller", "m1");
    q.store.agents().change("puller", AgentChange.pause());

    assertEquals(List.of(), q.receive("r1", "puller", 5));

    q.store.agents().change("puller", AgentChange.resume());
    assertEquals(1, q.receive("r1", "puller", 5).size());
  }

  @Test
  void receiverForAnAgentThatIsNotAPullAgentGetsNothing() {
    q.sendTo("alice", "pushed");

    assertEquals(List.of(), q.receive("r1", "alice", 5));
    assertEquals(List.of(), q.receive("r1", "nobody", 5));
    assertEquals(EntryState.PENDING, q.entries().get(0).state());
  }
}
