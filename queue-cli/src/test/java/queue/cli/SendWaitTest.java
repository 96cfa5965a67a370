package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Changes;
import queue.core.api.ClaimRequest;
import tools.jackson.databind.JsonNode;

class SendWaitTest {
  private final Cli cli = Cli.inMemory();

  @BeforeEach
  void registerAgents() {
    for (String name : new String[] {"a1", "a2", "a3"}) {
      cli.run("agents", "add", name);
    }
  }

  @Test
  void waitReportsEveryRecipientDelivered() {
    FakeProcessor processor = new FakeProcessor(cli.store(), Set.of());
    try {
      Cli.Result result = cli.run("send", "--broadcast", "--wait", "--json", "hello");
      assertEquals(0, result.exit(), result.toString());
      assertFalse(result.err().contains("no queue-processor"), result.err());
      assertFalse(
          result.err().contains("note:"), "inbox agents need no other step: " + result.err());
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
      processor.close();
    }
  }

  @Test
  void humanWaitEndsWithOutcomesAndDeliveredCount() {
    FakeProcessor processor = new FakeProcessor(cli.store(), Set.of());
    try {
      Cli.Result result = cli.run("send", "--broadcast", "--wait", "hello");
      assertEquals(0, result.exit(), result.toString());
      assertTrue(result.out().contains("queued for 3/3 agents"), result.out());
      assertTrue(result.out().contains("a2  DELIVERED"), result.out());
      assertTrue(result.out().endsWith("delivered 3/3\n"), result.out());
      assertFalse(result.out().contains("\r"), "no progress line when not a terminal");
    } finally {
      processor.close();
    }
  }

  @Test
  void waitExitsOneWhenARecipientFailed() {
    FakeProcessor processor = new FakeProcessor(cli.store(), Set.of("a2"));
    try {
      Cli.Result result = cli.run("send", "--broadcast", "--wait", "--json", "hello");
      assertEquals(1, result.exit(), result.toString());
      JsonNode json = result.json();
      assertEquals(2, json.get("delivered").asInt());
      assertEquals(1, json.get("failed").asInt());
      assertEquals("FAILED", json.get("outcomes").get(1).get("state").asString());
      assertEquals("refused by test", json.get("outcomes").get(1).get("error").asString());
    } finally {
      processor.close();
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

  @Test
  void theProgressLineOnATerminalShowsProcessingAndPendingApartThenIsCleared() {
    AtomicBoolean claimedOnce = new AtomicBoolean();
    Changes.Subscription slowProcessor =
        cli.store()
            .changes()
            .subscribe(
                () -> {
                  if (claimedOnce.compareAndSet(false, true)) {
                    cli.store()
                        .leases()
                        .claim(
                            ClaimRequest.processor(
                                "slow", "localhost", Duration.ofMinutes(5), 1, 1));
                  }
                });
    try {
      Cli.Result result =
          cli.stdoutIsTerminal().run("send", "--to", "a1,a2", "--wait", "--timeout", "100ms", "x");
      assertEquals(5, result.exit(), result.toString());
      assertTrue(
          result.out().contains("waiting: delivered 0/2, processing 1, pending 1, failed 0"),
          result.out());
      String last = result.out().substring(result.out().lastIndexOf('\r') + 1);
      assertTrue(last.startsWith("  a1  PROCESSING"), "the line was cleared: " + result.out());
    } finally {
      slowProcessor.close();
    }
  }

  @Test
  void anInterruptedWaitClearsItsLineAndSaysTheMessageStaysQueued() throws Exception {
    AtomicReference<Cli.Result> result = new AtomicReference<>();
    Cli terminal = cli.stdoutIsTerminal();
    Thread sender =
        new Thread(
            () -> result.set(terminal.run("send", "--to", "a1", "--wait", "--timeout", "1m", "x")));
    sender.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cli.run("status", "--json").json().get("totals").get("pending").asInt() == 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sender.getState() == Thread.State.TIMED_WAITING);
    sender.interrupt();
    sender.join();

    assertEquals(130, result.get().exit(), result.get().toString());
    assertTrue(result.get().out().endsWith("\r"), "the progress line is cleared: " + result.get());
    assertTrue(
        result.get().err().contains("interrupted; the message stays queued for its 1 recipient ("),
        result.get().err());
    assertTrue(result.get().err().contains("queue status --message"), result.get().err());
  }

  @Test
  void waitNamesThePullAndPausedRecipientsAndWhatEachWaitsFor() {
    cli.run("agents", "add", "w", "--pull");
    cli.run("agents", "pause", "a2");

    Cli.Result result = cli.run("send", "--broadcast", "--wait", "--timeout", "200ms", "hello");

    assertEquals(5, result.exit(), result.toString());
    String pull = "w is a pull agent: its entry waits for 'queue receive w'";
    String paused = "a2 is paused: its entry waits for 'queue agents resume a2'";
    List<String> lines = result.err().lines().toList();
    assertTrue(
        lines.contains("queue send: note: " + paused + "; " + pull), "named up front: " + lines);
    assertTrue(
        lines.stream().anyMatch(line -> line.contains("--wait timed out") && line.contains(pull)),
        "and when the wait times out: " + lines);
    assertFalse(result.err().contains("a1 is"), "a1 needs no other step: " + lines);
  }
}
