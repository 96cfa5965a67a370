package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import queue.core.api.StatusReport;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Target;
import queue.core.testing.TestAgents;

/** Registering, changing and removing agents. */
abstract class AgentsContract extends ContractPart {

  AgentsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @Test
  void newStoreHasNoAgentsNoEntriesAndZeroCounts() {
    StatusReport status = q.store.reports().status();

    assertEquals(List.of(), q.store.agents().list());
    assertEquals(List.of(), q.entries());
    assertEquals(StatusReport.Counts.ZERO, status.totals());
    assertEquals(List.of(), status.agents());
  }

  @Test
  void agentsAreListedInTheOrderTheyWereRegisteredWithTheirTransports() {
    q.store.agents().add(q.requests.inbox("alice", null, q.now()));
    q.store.agents().add(q.requests.http("bob", "http://127.0.0.1:8080/in", q.now()));
    q.store.agents().add(q.requests.exec("carol", List.of("/bin/cat", "-u"), q.now()));
    q.store.agents().add(q.requests.pull("dave", q.now()));

    List<Agent> agents = q.store.agents().list();

    assertEquals(List.of("alice", "bob", "carol", "dave"), q.agentNames());
    assertEquals(
        List.of("inbox", "http", "exec", "pull"), agents.stream().map(Agent::transport).toList());
    assertEquals("http://127.0.0.1:8080/in", agents.get(1).target().text("url"));
    assertEquals(List.of("/bin/cat", "-u"), agents.get(2).target().texts("exec"));
  }

  @Test
  void addAnswersTheAgentAsRegisteredAndFindFindsIt() {
    q.clock.advance(Duration.ofMinutes(5));

    Agent added = q.store.agents().add(q.requests.http("bob", "https://127.0.0.1/hook", q.now()));

    assertEquals("bob", added.name());
    assertEquals(q.now(), added.registeredAt());
    assertFalse(added.paused());
    assertEquals(
        q.requests.http("bob", "https://127.0.0.1/hook", q.now()).target(), added.target());
    assertEquals(added, q.agent("bob"));
    assertTrue(q.store.agents().find("nobody").isEmpty());
  }

  @Test
  void nameThatIsTakenIsRefusedWhateverTheTransport() {
    q.register("alice");

    var error = q.assertRefused(() -> q.store.agents().add(q.requests.pull("alice", q.now())));

    assertTrue(error.getMessage().contains("alice"), error.getMessage());
  }

  @Test
  void pauseAndResumeAreKeptAndShownInStatus() {
    q.register("alice", "bob");

    Agent paused = q.store.agents().change("alice", AgentChange.pause());

    assertTrue(paused.paused());
    assertTrue(q.agent("alice").paused());
    assertTrue(q.statusOf("alice").paused());
    assertFalse(q.statusOf("bob").paused());

    assertFalse(q.store.agents().change("alice", AgentChange.resume()).paused());
    assertFalse(q.agent("alice").paused());
    assertFalse(q.statusOf("alice").paused());
  }

  @Test
  void settingsChangeOnlyWhatTheyNameAndPausingKeepsThem() {
    q.store.agents().add(q.requests.http("web", "http://127.0.0.1:9/in", q.now()));

    q.store.agents().change("web", AgentChange.target(TestAgents.settings(3, null, null, null)));
    q.store
        .agents()
        .change(
            "web",
            AgentChange.target(
                TestAgents.settings(null, Duration.ofSeconds(5), null, List.of("X-Team: blue"))));
    q.store.agents().change("web", AgentChange.pause());

    Agent web = q.agent("web");
    assertEquals(
        TestAgents.settings(3, Duration.ofSeconds(5), null, List.of("X-Team: blue"))
            .merged(Target.EMPTY.with("url", "http://127.0.0.1:9/in")),
        web.target());
    assertTrue(web.paused());
    assertEquals("http://127.0.0.1:9/in", web.target().text("url"));
  }

  @Test
  void changeOfAnUnknownAgentIsRefused() {
    q.register("alice");

    q.assertRefused(() -> q.store.agents().change("ghost", AgentChange.pause()));
  }

  @Test
  void removalOfAnAgentWithPendingEntriesIsRefused() {
    q.register("alice");
    q.sendTo("alice", "waiting");

    var error = q.assertRefused(() -> q.store.agents().remove("alice", false));

    assertTrue(error.getMessage().contains("alice"), error.getMessage());
  }

  @Test
  void removalOfAnAgentWithAnEntryInFlightIsRefused() {
    q.register("alice");
    q.sendTo("alice", "in flight");
    q.claimOne("p1");

    q.assertRefused(() -> q.store.agents().remove("alice", false));
  }

  @Test
  void forcedRemovalFailsTheAgentsUnfinishedEntriesAndNothingElse() {
    q.register("alice", "bob");
    q.sendTo("alice", "done");
    q.deliver(q.claimOne("p1"));
    q.sendTo("alice", "in flight");
    q.sendTo("alice", "waiting");
    q.sendTo("bob", "untouched");
    q.claimHeads("p1");

    assertEquals(2, q.store.agents().remove("alice", true));

    assertEquals(List.of("bob"), q.agentNames());
    List<Entry> alices = q.entriesOf("alice");
    assertEquals(EntryState.DELIVERED, alices.get(0).state());
    for (Entry entry : alices.subList(1, 3)) {
      assertEquals(EntryState.FAILED, entry.state());
      assertEquals("agent removed", entry.lastError());
      assertEquals(0, entry.attempts());
      assertNull(entry.leaseOwner());
    }
    assertEquals(EntryState.PROCESSING, q.entriesOf("bob").get(0).state());
  }

  @Test
  void agentWithOnlyFinishedEntriesIsRemovedWithoutForce() {
    q.register("alice");
    q.sendTo("alice", "done");
    q.deliver(q.claimOne("p1"));
    q.sendTo("alice", "doomed");
    q.failHead("p1", "gone");

    assertEquals(0, q.store.agents().remove("alice", false));

    assertEquals(List.of(), q.store.agents().list());
  }

  @Test
  void removalOfAnUnknownAgentIsRefusedEvenWithForce() {
    q.register("alice");

    q.assertRefused(() -> q.store.agents().remove("ghost", true));
  }

  @Test
  void removedNameCanBeRegisteredAgain() {
    q.register("alice");
    q.store.agents().remove("alice", false);

    q.store.agents().add(q.requests.pull("alice", q.now()));

    assertEquals("pull", q.agent("alice").transport());
  }
}
