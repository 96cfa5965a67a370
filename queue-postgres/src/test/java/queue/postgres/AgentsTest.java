package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.EntryState;
import queue.core.model.Target;
import queue.core.testing.TestAgents;

class AgentsTest extends StoreFixture {

  @Test
  void inboxAgentIsKeptWithItsTargetAndItsHost() {
    Agent inbox = requests.inbox("alice", directory.resolve("inbox/alice").toString(), now());

    Agent added = store.agents().add(inbox);

    assertEquals(inbox, added);
    assertEquals(List.of(added), store.agents().list());
    assertTrue(added.pinned());
    assertEquals(HOST, added.host());
  }

  @Test
  void everyFieldOfAnAgentIsKept() {
    Agent exec = requests.exec("runner", List.of("/bin/cat", "-u"), now());
    Agent http =
        requests
            .http("hook", "https://example.test/in", now())
            .withTarget(
                TestAgents.settings(3, Duration.ofSeconds(7), null, List.of("X-A: 1"))
                    .merged(Target.EMPTY.with("url", "https://example.test/in")));

    store.agents().add(exec);
    store.agents().add(http);
    store.agents().add(requests.pull("puller", now()));

    List<Agent> agents = store.agents().list();
    assertEquals(List.of("runner", "hook", "puller"), agents.stream().map(Agent::name).toList());
    assertEquals(exec, agents.get(0));
    assertEquals(http, agents.get(1));
    assertEquals(HOST, agents.get(2).host());
  }

  @Test
  void aTakenNameIsRefused() {
    register("alice");

    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> register("alice"));

    assertEquals(
        "agent alice is already registered; change it with 'queue agents set alice ...'",
        error.getMessage());
  }

  @Test
  void changePausesAndKeepsWhatItDoesNotName() {
    store.agents().add(requests.http("hook", "https://example.test/in", now()));

    store.agents().change("hook", AgentChange.target(TestAgents.settings(5, null, null, null)));
    Agent paused = store.agents().change("hook", AgentChange.pause());

    assertTrue(paused.paused());
    assertEquals(5, paused.target().integer("maxAttempts"));
    assertEquals("https://example.test/in", paused.target().text("url"));
    assertEquals(paused, store.agents().find("hook").orElseThrow());
  }

  @Test
  void changeOfAnUnknownAgentIsRefused() {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> store.agents().change("bob", AgentChange.pause()));

    assertEquals("unknown agent bob; see 'queue agents list'", error.getMessage());
  }

  @Test
  void removeIsRefusedWhileTheAgentHasUnfinishedEntries() {
    register("alice");
    send("alice", "one");

    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> store.agents().remove("alice", false));

    assertEquals(
        "agent alice has 1 pending or processing entry; wait for them, or use --force to mark"
            + " them FAILED",
        error.getMessage());
    assertEquals(1, store.agents().list().size());
  }

  @Test
  void forcedRemoveFailsTheUnfinishedEntries() {
    register("alice", "bob");
    String id = send("alice,bob", "one");
    claimHeads("p1");

    assertEquals(1, store.agents().remove("alice", true));

    assertEquals(List.of("bob"), store.agents().list().stream().map(Agent::name).toList());
    assertEquals(EntryState.FAILED, entryOf(id, "alice").state());
    assertEquals("agent removed", entryOf(id, "alice").lastError());
    assertEquals(0, entryOf(id, "alice").attempts());
    assertEquals(EntryState.PROCESSING, entryOf(id, "bob").state());
  }
}
