package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.SendResult;
import queue.core.files.DefaultFileOps;
import queue.core.json.Json;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryListener;
import queue.processor.deliver.DeliveryResult;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.LogCapture;
import queue.processor.testing.ManualScheduling;
import queue.processor.testing.RecordingDelivery;
import queue.processor.testing.RecordingDelivery.Attempt;
import queue.processor.testing.TestQueue;
import tools.jackson.databind.node.ObjectNode;

/**
 * The loop on an in-memory store, on the test's thread, with a clock the test steps: claims,
 * deliveries, retries and retention without wall time.
 */
class ProcessorTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final ManualScheduling manual = new ManualScheduling(clock);
  private TestQueue queue;

  @BeforeEach
  void open() {
    queue = TestQueue.inMemory(clock, dir);
  }

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void runOnceDeliversABroadcastIntoEveryInbox() {
    queue.addInbox("alice");
    queue.addInbox("bob");
    SendResult sent = queue.broadcast("hello");

    processor(config(), inboxes(), 3).runOnce();

    for (Entry entry : queue.entries()) {
      assertEquals(EntryState.DELIVERED, entry.state());
      assertTrue(Files.exists(inbox(entry)), entry.recipient());
      assertEquals(sent.messageId(), entry.messageId());
    }
    assertEquals(List.of(), manual.waits(), "nothing waited on the clock");
  }

  @Test
  void aFailedAttemptIsRetriedOnlyOnceItsBackoffHasPassed() {
    queue.addInbox("alice");
    queue.send("hi", "alice");
    RecordingDelivery peer = new RecordingDelivery(Set.of(1L));

    processor(config(), peer, 10).runOnce();
    Entry waiting = queue.entry(0);
    assertEquals(EntryState.PENDING, waiting.state());
    assertEquals(1, waiting.attempts());
    assertEquals(clock.instant().plusSeconds(1), waiting.nextAttemptAt());
    assertEquals("first attempt fails", waiting.lastError());

    clock.advance(Duration.ofMillis(999));
    processor(config(), peer, 10).runOnce();
    assertEquals(EntryState.PENDING, queue.entry(0).state());

    clock.advance(Duration.ofMillis(1));
    processor(config(), peer, 10).runOnce();
    Entry delivered = queue.entry(0);
    assertEquals(EntryState.DELIVERED, delivered.state());
    assertEquals(2, delivered.attempts());
    assertEquals(
        List.of(new Attempt(1, false), new Attempt(1, true)), peer.attempts().get("alice"));
    assertEquals(1, logs.lines(Level.WARN, "attempt 1 failed, next at").size());
  }

  @Test
  void theDaemonWaitsForTheNextRetryOnTheClockAndThenDeliversIt() {
    queue.addInbox("alice");
    queue.send("hi", "alice");
    RecordingDelivery peer = new RecordingDelivery(Set.of(1L));
    Processor daemon = processor(config(), peer, 10);
    manual.afterEachWait(
        () -> {
          if (queue.allTerminal()) {
            daemon.stop();
          }
        });

    daemon.run();

    assertEquals(EntryState.DELIVERED, queue.entry(0).state());
    assertEquals(List.of(Duration.ofSeconds(1)), manual.waits().subList(0, 1));
  }

  @Test
  void everyAttemptIsReportedToTheListenerWithItsAgentTransportAndOutcome() {
    queue.addInbox("alice");
    queue.send("hi", "alice");
    List<String> heard = new ArrayList<>();
    DeliveryListener listener =
        (agent, transport, outcome, took) ->
            heard.add(agent + " " + transport + " " + outcome.getClass().getSimpleName());
    RecordingDelivery peer = new RecordingDelivery(Set.of(1L));
    DeliveryRules rules =
        new DeliveryRules(
            peer,
            Duration.ofSeconds(10),
            new RetryPolicy(clock, FixedRandom.middle(), 10),
            listener);

    new Processor(queue.store(), config(), rules, manual.scheduling()).runOnce();
    clock.advance(Duration.ofSeconds(1));
    new Processor(queue.store(), config(), rules, manual.scheduling()).runOnce();

    assertEquals(List.of("alice inbox RetryLater", "alice inbox Delivered"), heard);
  }

  @Test
  void theLastAllowedAttemptFailsTheEntryWithTheCommandsError() {
    queue.addExec("alice", "sh", "-c", "echo disk full >&2; exit 7");
    queue.send("hi", "alice");

    for (int round = 0; round < 3; round++) {
      processor(config(), standard(), 3).runOnce();
      clock.advance(Duration.ofMinutes(10));
    }

    Entry entry = queue.entry(0);
    assertEquals(EntryState.FAILED, entry.state());
    assertEquals(3, entry.attempts());
    assertTrue(entry.lastError().startsWith("gave up after 3 attempts"), entry.lastError());
    assertTrue(entry.lastError().contains("exited with 7: disk full"), entry.lastError());
    assertEquals(1, logs.lines(Level.ERROR, "FAILED at attempt 3").size());
  }

  @Test
  void aPermanentErrorFailsTheEntryAtOnce() {
    queue.addHttp("alice", "http://127.0.0.1:9/");
    queue.send("hi", "alice");
    Delivery refusing = (claim, payload, timeout) -> new DeliveryResult.Permanent("HTTP 404");

    processor(config(), refusing, 10).runOnce();

    Entry entry = queue.entry(0);
    assertEquals(EntryState.FAILED, entry.state());
    assertEquals(1, entry.attempts());
    assertEquals("HTTP 404", entry.lastError());
  }

  @Test
  void anEntryWhoseAgentIsNoLongerRegisteredFails() throws Exception {
    Path files = dir.resolve("edited");
    try (TestQueue edited = TestQueue.inDirectory(files, clock)) {
      edited.addInbox("alice");
      edited.send("hi", "alice");
      // agents.json edited by hand: the entry outlives its agent (no command does that).
      Path agents = files.resolve("agents.json");
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(agents));
      tree.putArray("agents");
      Files.write(agents, Json.mapper().writeValueAsBytes(tree));

      new Processor(edited.store(), config(), rules(standard(), 10), manual.scheduling()).runOnce();

      Entry entry = edited.entry(0);
      assertEquals(EntryState.FAILED, entry.state());
      assertEquals("agent alice is no longer registered", entry.lastError());
    }
  }

  @Test
  void eachRecipientGetsItsEntriesInOrderOneAtATimeWhileRecipientsRunInParallel() {
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      agents.add("agent-" + i);
      queue.addInbox("agent-" + i);
    }
    for (int round = 0; round < 25; round++) {
      queue.broadcast("broadcast " + round);
      queue.send("to some", agents.subList(round % 12, 12).toArray(String[]::new));
    }
    Set<Long> failFirst = new HashSet<>();
    for (long seq = 5; seq < 500; seq += 7) {
      failFirst.add(seq);
    }
    RecordingDelivery peer = new RecordingDelivery(failFirst);

    for (int round = 0; round < 40 && !queue.allTerminal(); round++) {
      processor(config().withWorkers(4).withBatchSize(5), peer, 10).runOnce();
      clock.advance(Duration.ofSeconds(2));
    }

    assertTrue(queue.entries().stream().allMatch(e -> e.state() == EntryState.DELIVERED));
    assertEquals(1, peer.maxActivePerRecipient());
    assertEquals(4, manual.mostQueuedAtOnce(), "four recipients handed to workers at once");
    for (Map.Entry<String, List<Attempt>> recipient : peer.attempts().entrySet()) {
      assertInQueueOrder(recipient.getKey(), recipient.getValue());
    }
  }

  // Attempts may repeat an entry (a retry), but never go back to an earlier one, and an entry
  // is never left behind: the next entry starts only once the previous one was accepted.
  private static void assertInQueueOrder(String recipient, List<Attempt> attempts) {
    for (int i = 1; i < attempts.size(); i++) {
      Attempt previous = attempts.get(i - 1);
      Attempt current = attempts.get(i);
      boolean sameAgain = current.seq() == previous.seq() && !previous.accepted();
      boolean next = current.seq() > previous.seq() && previous.accepted();
      assertTrue(sameAgain || next, recipient + ": " + attempts);
    }
  }

  @Test
  void theDaemonMovesDeliveredEntriesPastRetentionToHistory() {
    queue.addInbox("alice");
    SendResult sent = queue.send("hi", "alice");
    processor(config(), inboxes(), 3).runOnce();
    clock.advance(Duration.ofHours(2));
    Processor daemon = processor(config(), inboxes(), 3);
    manual.afterEachWait(daemon::stop);

    daemon.run();

    assertEquals(List.of(), queue.entries());
    assertEquals(1, queue.store().reports().status().totals().delivered());
    assertEquals(
        EntryState.DELIVERED,
        queue
            .store()
            .reports()
            .message(sent.messageId())
            .orElseThrow()
            .recipients()
            .get(0)
            .state());
  }

  private static ProcessorConfig config() {
    return ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1");
  }

  private Delivery standard() {
    return Deliveries.standard(
        queue.inboxRoot(), new DefaultFileOps(), Duration.ofSeconds(10), clock);
  }

  private Delivery inboxes() {
    return standard();
  }

  private DeliveryRules rules(Delivery delivery, int maxAttempts) {
    return new DeliveryRules(
        delivery,
        Duration.ofSeconds(10),
        new RetryPolicy(clock, FixedRandom.middle(), maxAttempts),
        DeliveryListener.NONE);
  }

  private Processor processor(ProcessorConfig config, Delivery delivery, int maxAttempts) {
    return new Processor(queue.store(), config, rules(delivery, maxAttempts), manual.scheduling());
  }

  private Path inbox(Entry entry) {
    return dir.resolve("inbox")
        .resolve(entry.recipient())
        .resolve("new")
        .resolve(entry.id() + ".json");
  }
}
