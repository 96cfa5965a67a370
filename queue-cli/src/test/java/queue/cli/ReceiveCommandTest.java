package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;

class ReceiveCommandTest {
  private final MutableClock clock = MutableClock.startingAt("2026-01-15T12:00:00Z");
  private final Cli cli = Cli.inMemory(clock);

  @BeforeEach
  void registerAPullAgent() {
    cli.run("agents", "add", "worker", "--pull");
    cli.run("agents", "add", "alice");
  }

  private JsonNode status() {
    return cli.run("status", "--agent", "worker", "--json").json().get("totals");
  }

  @Test
  void receivesDueMessagesInOrderAndMarksThemDelivered() {
    cli.run("send", "--to", "worker", "--from", "ci", "one");
    cli.run("send", "--to", "worker", "two\nlines");
    Cli.Result received = cli.run("receive", "worker");
    assertEquals(0, received.exit(), received.toString());
    List<String> lines = received.out().lines().toList();
    assertTrue(lines.get(0).matches("[0-9a-z]{8}  2026-01-15T12:00:00Z  from ci"), received.out());
    assertEquals("  one", lines.get(1));
    assertEquals(List.of("  two", "  lines"), lines.subList(3, 5));
    assertEquals(2, status().get("delivered").asInt());
    assertEquals("", cli.run("receive", "worker").out(), "nothing left: nothing printed");
  }

  @Test
  void jsonIsOneDocumentPerMessageWithThePayloadFields() {
    String id =
        cli.run("send", "--to", "worker", "--json", "hi").json().get("messageId").asString();
    cli.run("send", "--broadcast", "all");
    List<JsonNode> messages = cli.run("receive", "worker", "--json").jsonLines();
    assertEquals(2, messages.size());
    JsonNode first = messages.get(0);
    assertEquals(id, first.get("messageId").asString());
    assertEquals("tester", first.get("from").asString());
    assertEquals("worker", first.get("to").asString());
    assertEquals("hi", first.get("body").asString());
    assertEquals("2026-01-15T12:00:00Z", first.get("createdAt").asString());
    assertEquals(1, first.get("attempt").asInt());
    assertEquals("all", messages.get(1).get("body").asString());
    assertEquals(2, status().get("delivered").asInt());
  }

  @Test
  void limitTakesOnlyThatManyAndLeavesTheRestPending() {
    for (String body : List.of("a", "b", "c")) {
      cli.run("send", "--to", "worker", body);
    }
    List<JsonNode> two = cli.run("receive", "worker", "--limit", "2", "--json").jsonLines();
    assertEquals(List.of("a", "b"), two.stream().map(m -> m.get("body").asString()).toList());
    assertEquals(1, status().get("pending").asInt());
    assertEquals(0, status().get("processing").asInt());
  }

  @Test
  void waitExitsFiveWhenNothingCame() {
    Cli real = Cli.inMemory();
    real.run("agents", "add", "w", "--pull");
    Cli.Result waited = real.run("receive", "w", "--wait", "100ms");
    assertEquals(5, waited.exit(), waited.toString());
    assertTrue(waited.err().contains("no message for w"), waited.err());
  }

  @Test
  void waitReturnsWithAMessageSentWhileItWaits() throws Exception {
    Cli real = Cli.inMemory();
    real.run("agents", "add", "w", "--pull");
    AtomicReference<Cli.Result> received = new AtomicReference<>();
    Thread receiver =
        new Thread(() -> received.set(real.run("receive", "w", "--wait", "1m", "--json")));
    receiver.start();
    await().until(() -> receiver.getState() == Thread.State.TIMED_WAITING);
    real.run("send", "--to", "w", "hello");
    receiver.join();
    assertEquals(0, received.get().exit(), received.get().toString());
    assertEquals("hello", received.get().jsonLines().get(0).get("body").asString());
  }

  @Test
  void followSeesEveryMessageOnceInOrderWhileAnotherThreadSends() throws Exception {
    Cli real = Cli.inMemory();
    real.run("agents", "add", "w", "--pull");
    AtomicReference<Cli.Result> received = new AtomicReference<>();
    Thread receiver =
        new Thread(
            () -> received.set(real.run("receive", "w", "--follow", "--limit", "20", "--json")));
    receiver.start();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add("m" + i);
      real.run("send", "--to", "w", "m" + i);
    }
    receiver.join();
    assertEquals(0, received.get().exit(), received.get().toString());
    assertEquals(
        sent, received.get().jsonLines().stream().map(m -> m.get("body").asString()).toList());
  }

  @Test
  void followEndsWithExit130WhenInterrupted() throws Exception {
    Cli real = Cli.inMemory();
    real.run("agents", "add", "w", "--pull");
    AtomicReference<Cli.Result> received = new AtomicReference<>();
    Thread receiver = new Thread(() -> received.set(real.run("receive", "w", "--follow")));
    receiver.start();
    await().until(() -> receiver.getState() == Thread.State.TIMED_WAITING);
    receiver.interrupt();
    receiver.join();
    assertEquals(130, received.get().exit(), received.get().toString());
  }

  @Test
  void aFailedWriteLeavesTheMessageProcessingUntilItsLeaseRunsOutThenItIsDueAgain() {
    cli.run("send", "--to", "worker", "first");
    cli.run("send", "--to", "worker", "second");
    Cli.Result broken = cli.stdout(new BrokenWriter()).run("receive", "worker", "--lease", "30s");
    cli.stdout(null);
    assertEquals(1, broken.exit(), broken.toString());
    assertTrue(broken.err().contains("could not write to stdout"), broken.err());
    assertEquals(1, status().get("processing").asInt(), "the one being written");
    assertEquals(1, status().get("pending").asInt(), "the next, handed back");
    assertEquals(0, status().get("delivered").asInt());

    assertEquals("", cli.run("receive", "worker").out(), "the first holds back the second");

    clock.advance(Duration.ofSeconds(31));
    List<String> bodies =
        cli.run("receive", "worker", "--json").jsonLines().stream()
            .map(m -> m.get("body").asString())
            .toList();
    assertEquals(List.of("first", "second"), bodies);
  }

  @Test
  void aPausedAgentReceivesNothingAndIsToldSo() {
    cli.run("send", "--to", "worker", "x");
    cli.run("agents", "pause", "worker");
    Cli.Result result = cli.run("receive", "worker");
    assertEquals(0, result.exit(), result.toString());
    assertEquals("", result.out());
    assertTrue(result.err().contains("worker is paused"), result.err());
    assertEquals(1, status().get("pending").asInt());
  }

  @Test
  void onlyAPullAgentReceives() {
    assertRefused(cli.run("receive", "alice"), "'queue receive' is for pull agents");
    assertRefused(cli.run("receive", "alice"), "queue inbox alice");
    assertRefused(cli.run("receive", "ghost"), "unknown agent ghost");
    assertRefused(cli.run("receive", "worker", "--limit", "-1"), "--limit");
  }

  /** A stdout whose reader went away: every write fails, as on a broken pipe. */
  private static final class BrokenWriter extends Writer {
    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      throw new IOException("Broken pipe");
    }

    @Override
    public void flush() throws IOException {
      throw new IOException("Broken pipe");
    }

    @Override
    public void close() {}
  }
}
