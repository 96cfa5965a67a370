package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.store.DefaultFileOps;
import queue.core.store.StateFiles;
import tools.jackson.databind.JsonNode;

class StatusCommandTest {
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void registerAgents() {
    cli = new Cli(dir);
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "bob");
  }

  @Test
  void jsonHasTheContractFieldsWithCounts() throws Exception {
    FakeProcessor processor = new FakeProcessor(dir, Set.of("bob"));
    try {
      cli.run("send", "--broadcast", "--wait", "one");
      JsonNode json = cli.run("status", "--json").json();
      JsonNode totals = json.get("totals");
      for (String field : List.of("pending", "processing", "delivered", "failed")) {
        assertTrue(totals.get(field).isIntegralNumber(), field);
      }
      assertEquals(1, totals.get("delivered").asInt());
      assertEquals(1, totals.get("failed").asInt());
      assertEquals(0, totals.get("pending").asInt());
      JsonNode alice = json.get("agents").get(0);
      assertEquals("alice", alice.get("name").asString());
      assertEquals(1, alice.get("delivered").asInt());
      assertEquals(0, alice.get("failed").asInt());
      assertEquals(0, alice.get("pending").asInt());
      assertEquals(0, alice.get("processing").asInt());
      assertEquals(1, json.get("agents").get(1).get("failed").asInt());
      assertTrue(json.get("processor").get("running").asBoolean());
      assertFalse(json.has("message"));
    } finally {
      processor.stop();
    }
    assertFalse(cli.run("status", "--json").json().get("processor").get("running").asBoolean());
  }

  @Test
  void agentFilterNarrowsRowsAndTotals() {
    cli.run("send", "--to", "alice", "x");
    cli.run("send", "--broadcast", "y");
    JsonNode json = cli.run("status", "--agent", "bob", "--json").json();
    assertEquals(1, json.get("agents").size());
    assertEquals("bob", json.get("agents").get(0).get("name").asString());
    assertEquals(1, json.get("totals").get("pending").asInt());
  }

  @Test
  void messageAddsPerRecipientStates() {
    String id = cli.run("send", "--broadcast", "--json", "x").json().get("messageId").asString();
    JsonNode message = cli.run("status", "--message", id, "--json").json().get("message");
    assertEquals(2, message.get("recipients").size());
    assertEquals("alice", message.get("recipients").get(0).get("recipient").asString());
    assertEquals("PENDING", message.get("recipients").get(0).get("state").asString());
    assertTrue(cli.run("status", "--message", id).out().contains("alice"));
  }

  @Test
  void humanTableShowsAgentsTotalsAndProcessor() {
    cli.run("send", "--broadcast", "x");
    String out = cli.run("status").out();
    assertTrue(out.startsWith("AGENT"), out);
    assertTrue(out.contains("TOTAL        2"), out);
    assertTrue(out.contains("processor: not running"), out);
  }

  @Test
  void unknownAgentOrMessageIsBadInput() {
    Cli.Result agent = cli.run("status", "--agent", "carol");
    assertEquals(2, agent.exit());
    assertTrue(agent.err().contains("unknown agent carol"), agent.err());
    Cli.Result message = cli.run("status", "--message", "nope");
    assertEquals(2, message.exit());
    assertTrue(message.err().contains("no message with id nope"), message.err());
  }

  @Test
  void statusAnswersWhileTheLockIsHeldAndWritersGiveUpWithExitThree() throws Exception {
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StateFiles files = new StateFiles(dir, new DefaultFileOps(), Duration.ofSeconds(5));
    Thread holder =
        new Thread(
            () ->
                files.locked(
                    () -> {
                      locked.countDown();
                      awaitQuietly(release);
                      return null;
                    }));
    holder.start();
    try {
      locked.await();
      assertEquals(0, cli.run("status", "--json").exit());
      Cli.Result busy = cli.run("--lock-timeout", "100ms", "agents", "add", "carol");
      assertEquals(3, busy.exit(), busy.toString());
      assertTrue(busy.err().contains("busy"), busy.err());
      assertTrue(busy.err().contains("pid " + ProcessHandle.current().pid()), busy.err());
    } finally {
      release.countDown();
      holder.join();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
