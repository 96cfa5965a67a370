package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SendWaitTest {
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void registerAgents() {
    cli = new Cli(dir);
    for (String name : new String[] {"a1", "a2", "a3"}) {
      cli.run("agents", "add", name);
    }
  }

  @Test
  void waitReportsEveryRecipientDelivered() {
    FakeProcessor processor = new FakeProcessor(dir, Set.of());
    try {
      Cli.Result result = cli.run("send", "--broadcast", "--wait", "--json", "hello");
      assertEquals(0, result.exit(), result.toString());
      assertFalse(result.err().contains("no queue-processor"), result.err());
      JsonNode json = result.json();
      assertEquals(3, json.get("queued").asInt());
      assertEquals(3, json.get("delivered").asInt());
      assertEquals(0, json.get("failed").asInt());
      assertEquals(0, json.get("pending").asInt());
      JsonNode outcomes = json.get("outcomes");
      assertEquals(3, outcomes.size());
      for (int i = 0; i < 3; i++) {
        assertEquals("a" + (i + 1), outcomes.get(i).get("recipient").asString());
        assertEquals("DELIVERED", outcomes.get(i).get("state").asString());
      }
    } finally {
      processor.stop();
    }
  }

  @Test
  void humanWaitEndsWithOutcomesAndDeliveredCount() {
    FakeProcessor processor = new FakeProcessor(dir, Set.of());
    try {
      Cli.Result result = cli.run("send", "--broadcast", "--wait", "hello");
      assertEquals(0, result.exit(), result.toString());
      assertTrue(result.out().contains("queued for 3/3 agents"), result.out());
      assertTrue(result.out().contains("a2  DELIVERED"), result.out());
      assertTrue(result.out().endsWith("delivered 3/3\n"), result.out());
      assertFalse(result.out().contains("\r"), "no progress line when not a terminal");
    } finally {
      processor.stop();
    }
  }

  @Test
  void waitExitsOneWhenARecipientFailed() {
    FakeProcessor processor = new FakeProcessor(dir, Set.of("a2"));
    try {
      Cli.Result result = cli.run("send", "--broadcast", "--wait", "--json", "hello");
      assertEquals(1, result.exit(), result.toString());
      JsonNode json = result.json();
      assertEquals(2, json.get("delivered").asInt());
      assertEquals(1, json.get("failed").asInt());
      assertEquals("FAILED", json.get("outcomes").get(1).get("state").asString());
      assertEquals("refused by test", json.get("outcomes").get(1).get("error").asString());
    } finally {
      processor.stop();
    }
  }

  @Test
  void waitTimesOutWithExitFiveAndStillPrintsTheCounts() {
    Cli.Result result =
        cli.run("send", "--to", "a1,a3", "--wait", "--timeout", "150ms", "--json", "hello");
    assertEquals(5, result.exit(), result.toString());
    JsonNode json = result.json();
    assertEquals(0, json.get("delivered").asInt());
    assertEquals(2, json.get("pending").asInt());
    assertTrue(json.get("timedOut").asBoolean());
    assertTrue(result.err().contains("timed out after 150ms"), result.err());
  }
}
