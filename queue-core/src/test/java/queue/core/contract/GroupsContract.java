package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.MessageStatus.RecipientState;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Entry;

/**
 * Groups: agents join and leave them, and a send to {@code @GROUP} queues for the agents in it at
 * the moment of the send, in the send's own transaction.
 */
abstract class GroupsContract extends ContractPart {

  GroupsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice");
    q.store.agents().add(q.requests.pull("bob", q.now()).withGroups(List.of("reviewers")));
    q.register("carol");
    q.store
        .agents()
        .add(q.requests.inbox("dave", null, q.now()).withGroups(List.of("reviewers", "ops")));
    q.store.agents().change("carol", AgentChange.NONE.joining(List.of("reviewers")));
  }

  @Test
  void agentsKeepTheirGroupsOnceEachSortedByName() {
    Agent erin =
        q.store
            .agents()
            .add(q.requests.pull("erin", q.now()).withGroups(List.of("ops", "dev", "ops")));

    assertEquals(List.of("dev", "ops"), erin.groups());
    assertEquals(List.of("dev", "ops"), q.agent("erin").groups());
    assertEquals(List.of("ops", "reviewers"), q.agent("dave").groups());
    assertEquals(List.of(), q.agent("alice").groups());
    assertEquals(List.of("ops", "reviewers"), q.statusOf("dave").groups());
    assertEquals(List.of(), q.statusOf("alice").groups());
  }

  @Test
  void joiningAndLeavingChangeOnlyTheGroupsNamed() {
    Agent before = q.agent("dave");

    Agent after =
        q.store
            .agents()
            .change(
                "dave",
                AgentChange.NONE.joining(List.of("dev", "ops")).leaving(List.of("reviewers")));

    assertEquals(List.of("dev", "ops"), after.groups());
    assertEquals(before.withGroups(List.of("dev", "ops")), q.agent("dave"));
    q.store.agents().change("dave", AgentChange.NONE.leaving(List.of("nothing-of-dave")));
    assertEquals(List.of("dev", "ops"), q.agent("dave").groups());
  }

  @Test
  void pausingKeepsTheGroups() {
    q.store.agents().change("dave", AgentChange.pause());

    assertEquals(List.of("ops", "reviewers"), q.agent("dave").groups());
  }

  @Test
  void sendToAGroupQueuesForEachMemberInTheOrderTheyWereRegistered() {
    SendResult sent = q.send(SendRequest.to(List.of("@reviewers"), "ops", "review please"));

    assertEquals(List.of("bob", "carol", "dave"), sent.recipients());
    assertEquals(sent.recipients(), q.entries().stream().map(Entry::recipient).toList());
    assertEquals(
        sent.recipients(),
        q.store.reports().message(sent.messageId()).orElseThrow().recipients().stream()
            .map(RecipientState::recipient)
            .toList());
  }

  @Test
  void groupIsFixedAtTheMomentOfTheSend() {
    q.store.agents().change("bob", AgentChange.NONE.leaving(List.of("reviewers")));
    String first = q.sendTo("@reviewers", "first");
    q.store.agents().change("alice", AgentChange.NONE.joining(List.of("reviewers")));

    String second = q.sendTo("@reviewers", "second");

    assertEquals(List.of("carol", "dave"), recipientsOf(first));
    assertEquals(List.of("alice", "carol", "dave"), recipientsOf(second));
    assertEquals(List.of(second), q.entriesOf("alice").stream().map(Entry::messageId).toList());
    assertEquals(List.of(), q.entriesOf("bob"));
  }

  @Test
  void namesAndGroupsMixInTheOrderGivenAndEachRecipientGetsOneEntry() {
    SendResult sent =
        q.send(SendRequest.to(List.of("dave", "@reviewers", "alice", "@ops"), "ops", "all"));

    assertEquals(List.of("dave", "bob", "carol", "alice"), sent.recipients());
    assertEquals(4, q.entries().size());
  }

  @Test
  void pausedAndPullMembersGetTheirEntriesAsInABroadcast() {
    q.store.agents().change("carol", AgentChange.pause());

    SendResult sent = q.send(SendRequest.to(List.of("@reviewers"), "ops", "queued anyway"));

    assertEquals(List.of("bob", "carol", "dave"), sent.recipients());
  }

  @Test
  void groupMayShareItsNameWithAnAgentAndTheMarkSaysWhichIsMeant() {
    q.store.agents().add(q.requests.pull("ops", q.now()));

    assertEquals(List.of("ops"), q.send(SendRequest.to(List.of("ops"), "me", "x")).recipients());
    assertEquals(List.of("dave"), q.send(SendRequest.to(List.of("@ops"), "me", "y")).recipients());
  }

  @Test
  void groupNobodyIsInIsRefusedAndNothingIsQueued() {
    var error =
        q.assertRefused(() -> q.send(SendRequest.to(List.of("alice", "@nobody"), "ops", "hi")));

    assertTrue(error.getMessage().contains("@nobody"), error.getMessage());
    assertEquals(List.of(), q.entries());
  }

  @Test
  void groupWhoseMembersAllLeftIsRefused() {
    q.store.agents().change("dave", AgentChange.NONE.leaving(List.of("ops")));

    var error = q.assertRefused(() -> q.send(SendRequest.to(List.of("@ops"), "ops", "hi")));

    assertTrue(error.getMessage().contains("@ops"), error.getMessage());
  }

  @Test
  void groupEmptiedByRemovingItsLastMemberIsRefused() {
    q.store.agents().remove("dave", false);

    q.assertRefused(() -> q.send(SendRequest.to(List.of("@ops"), "ops", "hi")));
  }

  @Test
  void unknownAgentBesideAnEmptyGroupIsTheRefusalNamed() {
    var error =
        q.assertRefused(() -> q.send(SendRequest.to(List.of("@nobody", "ghost"), "ops", "hi")));

    assertTrue(error.getMessage().contains("ghost"), error.getMessage());
  }

  private List<String> recipientsOf(String messageId) {
    return q.entries().stream()
        .filter(e -> e.messageId().equals(messageId))
        .map(Entry::recipient)
        .toList();
  }
}
