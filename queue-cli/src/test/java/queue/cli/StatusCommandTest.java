package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.core.store.StateFiles;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;

class StatusCommandTest {
  private final Cli cli = Cli.inMemory();

  private void registerAliceAndBob() {
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "bob");
  }

  @Test
  void jsonHasTheContractFieldsWithCounts() {
    registerAliceAndBob();
    FakeProcessor processor = new FakeProcessor(cli.store(), Set.of("bob"));
    try {
      cli.run("send", "--broadcast", "--wait", "one");
      JsonNode json = cli.run("status", "--json").json();
      JsonNode totals = json.get("totals");
      for (String field : List.of("pending", "processing", "delivered", "failed", "scheduled")) {
        assertTrue(totals.get(field).isIntegralNumber(), field);
      }
      assertEquals(1, totals.get("delivered").asInt());
      assertEquals(1, totals.get("failed").asInt());
      assertEquals(0, totals.get("pending").asInt());
      JsonNode alice = json.get("agents").get(0);
      assertEquals("alice", alice.get("name").asString());
      assertEquals(1, alice.get("delivered").asInt());
      for (String field : List.of("failed", "pending", "processing", "scheduled")) {
        assertEquals(0, alice.get(field).asInt(), field);
      }
      assertFalse(alice.get("paused").asBoolean());
      assertEquals(1, json.get("agents").get(1).get("failed").asInt());
      assertTrue(json.get("processor").get("running").asBoolean());
      assertEquals(1, json.get("processor").get("count").asInt());
      assertFalse(json.has("message"));
    } finally {
      processor.close();
    }
    assertFalse(cli.run("status", "--json").json().get("processor").get("running").asBoolean());
  }

  @Test
  void agentFilterNarrowsRowsAndTotals() {
    registerAliceAndBob();
    cli.run("send", "--to", "alice", "x");
    cli.run("send", "--broadcast", "y");
    JsonNode json = cli.run("status", "--agent", "bob", "--json").json();
    assertEquals(1, json.get("agents").size());
    assertEquals("bob", json.get("agents").get(0).get("name").asString());
    assertEquals(1, json.get("totals").get("pending").asInt());
  }

  @Test
  void messageAddsPerRecipientStatesAndTakesAnIdInAnyCase() {
    registerAliceAndBob();
    String id = cli.run("send", "--broadcast", "--json", "x").json().get("messageId").asString();
    JsonNode message =
        cli.run("status", "--message", id.toUpperCase(), "--json").json().get("message");
    assertEquals(id, message.get("messageId").asString());
    assertEquals(2, message.get("recipients").size());
    assertEquals("alice", message.get("recipients").get(0).get("recipient").asString());
    assertEquals("PENDING", message.get("recipients").get(0).get("state").asString());
    assertTrue(cli.run("status", "--message", id).out().contains("alice"));
  }

  @Test
  void humanTableShowsAgentsTotalsAndProcessorAndFitsEightyColumns() {
    cli.run("agents", "add", "deploy-bot-staging");
    cli.run("agents", "add", "bob");
    cli.run("agents", "pause", "deploy-bot-staging");
    cli.run("send", "--broadcast", "x");
    cli.run("send", "--broadcast", "--delay", "1h", "later");
    String out = cli.run("status").out();
    assertTrue(out.startsWith("AGENT"), out);
    assertTrue(out.contains("SCHEDULED"), out);
    assertTrue(out.contains("deploy-bot-staging (paused)"), out);
    assertTrue(out.matches("(?s).*TOTAL +4 +2 .*"), out);
    assertTrue(out.contains("processor: not running"), out);
    out.lines().forEach(line -> assertTrue(line.length() <= 80, "over 80 columns: " + line));
  }

  @Test
  void unknownAgentOrMessageIsBadInput() {
    registerAliceAndBob();
    Cli.Result agent = cli.run("status", "--agent", "carol");
    assertEquals(2, agent.exit());
    assertTrue(agent.err().contains("unknown agent carol"), agent.err());
    Cli.Result message = cli.run("status", "--message", "0000zzzz");
    assertEquals(2, message.exit());
    assertTrue(message.err().contains("no message with id 0000zzzz"), message.err());
    Cli.Result tooShort = cli.run("status", "--message", "abc");
    assertEquals(2, tooShort.exit());
    assertTrue(tooShort.err().contains("too short"), tooShort.err());
  }

  @Test
  void messageIsFoundAfterRetentionMovedItToHistory(@TempDir Path dir) {
    MutableClock clock = MutableClock.startingAt("2026-01-15T12:00:00Z");
    Cli files = Cli.onFiles(dir).clock(clock);
    files.run("agents", "add", "alice");
    String id =
        files.run("send", "--to", "alice", "--json", "old").json().get("messageId").asString();
    try (QueueStore store = files.store()) {
      FakeProcessor processor = new FakeProcessor(store, Set.of());
      try {
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, store.upkeep().retire(Duration.ZERO));
      } finally {
        processor.close();
      }
    }
    assertEquals(0, files.run("list", "--json").json().get("count").asInt());
    JsonNode message = files.run("status", "--message", id, "--json").json().get("message");
    assertEquals("DELIVERED", message.get("recipients").get(0).get("state").asString());
  }

  @Test
  void statusAnswersWhileTheLockIsHeldAndWritersGiveUpWithExitThree(@TempDir Path dir)
      throws Exception {
    Cli files = Cli.onFiles(dir);
    files.run("agents", "add", "alice");
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StateFiles state = new StateFiles(dir, new DefaultFileOps(), Duration.ofSeconds(5));
    Thread holder =
        new Thread(
            () ->
                state.locked(
                    () -> {
                      locked.countDown();
                      awaitQuietly(release);
                      return null;
                    }));
    holder.start();
    try {
      locked.await();
      assertEquals(0, files.run("status", "--json").exit());
      Cli.Result busy = files.run("--lock-timeout", "100ms", "agents", "add", "carol");
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
