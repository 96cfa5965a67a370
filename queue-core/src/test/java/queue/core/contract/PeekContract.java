package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.Outcome;
import queue.core.api.SendRequest;
import queue.core.documents.AgentMessage;

/** A pull agent's due messages, read without taking them: nothing changes, however often. */
abstract class PeekContract extends ContractPart {

  PeekContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.registerPull("worker");
    q.register("alice");
  }

  private List<AgentMessage> peek(int limit) {
    return q.store.conversations().peek("worker", limit).stream()
        .map(due -> AgentMessage.of(due.entry(), due.message()))
        .toList();
  }

  private List<String> peekedBodies(int limit) {
    return peek(limit).stream().map(AgentMessage::body).toList();
  }

  @Test
  void peekShowsTheDueMessagesOldestFirstAndChangesNothing() {
    q.sendTo("worker", "one");
    q.send(
        SendRequest.to(List.of("worker"), "alice", "later")
            .withNotBefore(q.now().plus(Duration.ofHours(1))));
    q.sendTo("worker,alice", "two");
    QueueFixture.State before = q.state();

    List<AgentMessage> first = peek(0);
    List<AgentMessage> second = peek(0);

    assertEquals(List.of("one", "two"), first.stream().map(AgentMessage::body).toList());
    assertEquals(first, second);
    assertEquals(before, q.state());
    assertEquals(1, first.get(0).attempt());
    assertEquals(first.get(0).messageId(), first.get(0).threadId());
  }

  @Test
  void peekGivesWhatReceiveThenTakes() {
    q.sendTo("worker", "one");
    q.sendTo("worker", "two");

    List<AgentMessage> peeked = peek(0);
    List<Claim> received = q.receive("r", "worker", 10);

    assertEquals(peeked, received.stream().map(AgentMessage::of).toList());
  }

  @Test
  void peekStopsAtItsLimit() {
    q.sendTo("worker", "one");
    q.sendTo("worker", "two");
    q.sendTo("worker", "three");

    assertEquals(List.of("one", "two"), peekedBodies(2));
  }

  @Test
  void peekLeavesOutWhatAReceiverHoldsAndWhatWasReceived() {
    q.sendTo("worker", "one");
    q.sendTo("worker", "two");
    q.sendTo("worker", "three");
    List<Claim> held = q.receive("r", "worker", 2);
    q.deliver(held.get(0));

    assertEquals(List.of("three"), peekedBodies(0));
  }

  @Test
  void peekShowsAMessageAgainWhenItsReceiversLeaseRanOut() {
    q.sendTo("worker", "one");
    Claim held = q.receive("r", "worker", 1).get(0);
    q.clock.advance(QueueFixture.LEASE.plusSeconds(1));

    assertEquals(List.of("one"), peekedBodies(0));
    assertEquals(1, q.settle(held, new Outcome.Delivered()));
  }

  @Test
  void peekOfAnAgentWithNothingDueIsEmpty() {
    assertEquals(List.of(), peekedBodies(0));
  }
}
