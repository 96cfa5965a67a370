package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.QueueDirectory;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.send.SendRequest;
import queue.core.send.SendResult;
import queue.core.store.QueueStore.Result;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.Delivery;
import queue.processor.testing.BlockingDelivery;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.RecordingDelivery;
import queue.processor.testing.RecordingDelivery.Attempt;

class ProcessorTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final List<Processor> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    for (Processor daemon : daemons) {
      daemon.stop();
      daemon.awaitStopped(Duration.ofSeconds(10));
    }
  }

  @Test
  void runOnceDeliversABroadcastIntoEveryInbox() {
    QueueDirectory queue = open(clock);
    queue.agents().addInbox("alice", null);
    queue.agents().addInbox("bob", null);
    SendResult sent = queue.sender(1024).send(SendRequest.broadcast("me", "hello"));

    processor(queue, config(), inboxes(), 3).runOnce();

    for (Entry entry : entries(queue)) {
      assertEquals(EntryState.DELIVERED, entry.state());
      assertTrue(Files.exists(inbox(entry)), entry.recipient());
      assertEquals(sent.messageId(), entry.messageId());
    }
  }

  @Test
  void aFailedAttemptIsRetriedOnlyOnceItsBackoffHasPassed() {
    QueueDirectory queue = open(clock);
    queue.agents().addInbox("alice", null);
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));
    RecordingDelivery peer = new RecordingDelivery(Set.of(1L));
    Processor processor = processor(queue, config(), peer, 10);

    processor.runOnce();
    Entry waiting = entries(queue).get(0);
    assertEquals(EntryState.PENDING, waiting.state());
    assertEquals(1, waiting.attempts());
    assertEquals(clock.instant().plusSeconds(1), waiting.nextAttemptAt());
    assertEquals("first attempt fails", waiting.lastError());

    clock.advance(Duration.ofMillis(999));
    processor(queue, config(), peer, 10).runOnce();
    assertEquals(EntryState.PENDING, entries(queue).get(0).state());

    clock.advance(Duration.ofMillis(1));
    processor(queue, config(), peer, 10).runOnce();
    Entry delivered = entries(queue).get(0);
    assertEquals(EntryState.DELIVERED, delivered.state());
    assertEquals(2, delivered.attempts());
    assertEquals(
        List.of(new Attempt(1, false), new Attempt(1, true)), peer.attempts().get("alice"));
  }

  @Test
  void theLastAllowedAttemptFailsTheEntryWithTheCommandsError() {
    QueueDirectory queue = open(clock);
    queue.agents().addExec("alice", List.of("sh", "-c", "echo disk full >&2; exit 7"));
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));

    for (int round = 0; round < 3; round++) {
      processor(queue, config(), inboxes(), 3).runOnce();
      clock.advance(Duration.ofMinutes(10));
    }

    Entry entry = entries(queue).get(0);
    assertEquals(EntryState.FAILED, entry.state());
    assertEquals(3, entry.attempts());
    assertTrue(entry.lastError().startsWith("gave up after 3 attempts"), entry.lastError());
    assertTrue(entry.lastError().contains("exited with 7: disk full"), entry.lastError());
  }

  @Test
  void aPermanentErrorFailsTheEntryAtOnce() {
    QueueDirectory queue = open(clock);
    queue.agents().addHttp("alice", "http://127.0.0.1:9/");
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));
    Delivery refusing =
        (claim, payload) -> new queue.processor.deliver.DeliveryResult.Permanent("HTTP 404");

    processor(queue, config(), refusing, 10).runOnce();

    Entry entry = entries(queue).get(0);
    assertEquals(EntryState.FAILED, entry.state());
    assertEquals(1, entry.attempts());
    assertEquals("HTTP 404", entry.lastError());
  }

  @Test
  void anEntryWhoseAgentIsNoLongerRegisteredFails() {
    QueueDirectory queue = open(clock);
    queue.agents().addInbox("alice", null);
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));
    // As if agents.json had been edited by hand: the entry outlives its agent.
    queue.store().update(current -> new Result<>(current.withAgents(List.of()), null));

    processor(queue, config(), inboxes(), 10).runOnce();

    Entry entry = entries(queue).get(0);
    assertEquals(EntryState.FAILED, entry.state());
    assertEquals("agent alice is no longer registered", entry.lastError());
  }

  @Test
  void eachRecipientGetsItsEntriesInOrderOneAtATimeWhileRecipientsRunInParallel() {
    QueueDirectory queue = open(clock);
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      agents.add("agent-" + i);
      queue.agents().addInbox("agent-" + i, null);
    }
    for (int round = 0; round < 25; round++) {
      queue.sender(1024).send(SendRequest.broadcast("me", "broadcast " + round));
      queue.sender(1024).send(SendRequest.to(agents.subList(round % 12, 12), "me", "to some"));
    }
    Set<Long> failFirst = new HashSet<>();
    for (long seq = 5; seq < 500; seq += 7) {
      failFirst.add(seq);
    }
    RecordingDelivery peer = new RecordingDelivery(failFirst);

    for (int round = 0; round < 40 && !allTerminal(queue); round++) {
      processor(queue, config().withWorkers(4).withBatchSize(5), peer, 10).runOnce();
      clock.advance(Duration.ofSeconds(2));
    }

    assertTrue(allTerminal(queue));
    assertTrue(entries(queue).stream().allMatch(e -> e.state() == EntryState.DELIVERED));
    assertEquals(1, peer.maxActivePerRecipient());
    assertTrue(peer.maxActive() > 1 && peer.maxActive() <= 4, "" + peer.maxActive());
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
  void theDaemonDeliversANewSendPromptlyAndStopsCleanly() throws Exception {
    QueueDirectory queue = open(Clock.systemUTC());
    queue.agents().addInbox("alice", null);
    Processor daemon = startDaemon(queue, config(), inboxes());

    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));

    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox(entries(queue).get(0))));
    await().atMost(Duration.ofSeconds(5)).until(() -> allTerminal(queue));
    daemon.stop();
    assertTrue(daemon.awaitStopped(Duration.ofSeconds(10)));
    assertEquals(EntryState.DELIVERED, entries(queue).get(0).state());
  }

  @Test
  void aStopHandsBackTheRunningDeliveryAndTheRestOfItsBatch() throws Exception {
    QueueDirectory queue = open(Clock.systemUTC());
    queue.agents().addInbox("alice", null);
    for (int i = 0; i < 3; i++) {
      queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi " + i));
    }
    BlockingDelivery stuck = new BlockingDelivery();
    Processor daemon =
        startDaemon(queue, config().withShutdownGrace(Duration.ofMillis(200)), stuck);
    await().atMost(Duration.ofSeconds(5)).until(stuck::hasStarted);

    daemon.stop();

    assertTrue(daemon.awaitStopped(Duration.ofSeconds(10)));
    for (Entry entry : entries(queue)) {
      assertEquals(EntryState.PENDING, entry.state());
      assertEquals(0, entry.attempts());
      assertNull(entry.leaseOwner());
    }
  }

  @Test
  void leasesAreRenewedWhileADeliveryRuns() throws Exception {
    QueueDirectory queue = open(Clock.systemUTC());
    queue.agents().addInbox("alice", null);
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));
    BlockingDelivery slow = new BlockingDelivery();
    startDaemon(queue, config().withLease(Duration.ofMillis(600)), slow);
    await().atMost(Duration.ofSeconds(5)).until(slow::hasStarted);
    Instant firstLease = entries(queue).get(0).leaseExpiresAt();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> entries(queue).get(0).leaseExpiresAt().isAfter(firstLease));
    slow.release();

    await().atMost(Duration.ofSeconds(5)).until(() -> allTerminal(queue));
    assertEquals(1, entries(queue).get(0).attempts());
  }

  @Test
  void theDaemonMovesDeliveredEntriesPastRetentionToHistory() throws Exception {
    QueueDirectory queue = open(clock);
    queue.agents().addInbox("alice", null);
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));
    processor(queue, config(), inboxes(), 3).runOnce();
    clock.advance(Duration.ofHours(2));

    startDaemon(queue, config(), inboxes());

    await().atMost(Duration.ofSeconds(5)).until(() -> entries(queue).isEmpty());
    assertEquals(1, queue.queries().status().totals().delivered());
    try (var history = Files.list(dir.resolve("history"))) {
      assertEquals(1, history.count());
    }
  }

  private QueueDirectory open(Clock withClock) {
    return QueueDirectory.open(dir, Duration.ofSeconds(5), withClock);
  }

  private static ProcessorConfig config() {
    return ProcessorConfig.defaults("test-" + System.nanoTime());
  }

  private Delivery inboxes() {
    return Deliveries.standard(dir, Duration.ofSeconds(5));
  }

  private Processor processor(
      QueueDirectory queue, ProcessorConfig config, Delivery delivery, int maxAttempts) {
    return new Processor(
        queue, config, delivery, new RetryPolicy(queue.clock(), FixedRandom.middle(), maxAttempts));
  }

  private Processor startDaemon(QueueDirectory queue, ProcessorConfig config, Delivery delivery) {
    Processor daemon = processor(queue, config, delivery, 10);
    daemons.add(daemon);
    Thread thread = new Thread(daemon::run, "daemon-under-test");
    thread.setDaemon(true);
    thread.start();
    return daemon;
  }

  private static List<Entry> entries(QueueDirectory queue) {
    return queue.store().read().queue().entries();
  }

  private static boolean allTerminal(QueueDirectory queue) {
    return entries(queue).stream().allMatch(e -> e.state().isTerminal());
  }

  private Path inbox(Entry entry) {
    return dir.resolve("inbox")
        .resolve(entry.recipient())
        .resolve("new")
        .resolve(entry.id() + ".json");
  }
}
