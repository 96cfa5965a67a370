package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.core.files.DefaultFileOps;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryListener;
import queue.processor.deliver.DeliveryResult;
import queue.processor.deliver.InboxDelivery;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.LogCapture;
import queue.processor.testing.ManualScheduling;
import queue.processor.testing.RecordingDelivery;
import queue.processor.testing.RecordingDelivery.Attempt;
import queue.processor.testing.TestQueue;

/** What an agent's own registration changes in the loop: attempts, deadline, pause, pull. */
class AgentSettingsTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
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
  void anAgentsOwnMaxAttemptsWinsOverTheProcessors() {
    queue.addHttp("alice", "http://127.0.0.1:9/");
    queue.addHttp("bob", "http://127.0.0.1:9/");
    queue.set("alice", 2, null);
    queue.broadcast("hi");
    Delivery failing = (claim, payload, timeout) -> new DeliveryResult.Retry("HTTP 503");

    for (int round = 0; round < 2; round++) {
      processor(failing).runOnce();
      clock.advance(Duration.ofMinutes(10));
    }

    Entry alice =
        queue.entries().stream()
            .filter(e -> e.recipient().equals("alice"))
            .findFirst()
            .orElseThrow();
    Entry bob =
        queue.entries().stream().filter(e -> e.recipient().equals("bob")).findFirst().orElseThrow();
    assertEquals(EntryState.FAILED, alice.state());
    assertEquals("gave up after 2 attempts: HTTP 503", alice.lastError());
    assertEquals(EntryState.PENDING, bob.state());
    assertEquals(2, bob.attempts());
  }

  @Test
  void anAgentsOwnTimeoutIsTheDeadlineOfItsDeliveries() {
    queue.addHttp("alice", "http://127.0.0.1:9/");
    queue.addHttp("bob", "http://127.0.0.1:9/");
    queue.set("alice", null, Duration.ofSeconds(3));
    queue.broadcast("hi");
    Map<String, Duration> timeouts = new ConcurrentHashMap<>();
    Delivery recording =
        (claim, payload, timeout) -> {
          timeouts.put(claim.entry().recipient(), timeout);
          return DeliveryResult.delivered();
        };

    processor(recording).runOnce();

    assertEquals(Map.of("alice", Duration.ofSeconds(3), "bob", Duration.ofSeconds(10)), timeouts);
  }

  @Test
  void aPausedAgentGetsNothingUntilResumedThenItsBacklogInOrder() {
    queue.addInbox("alice");
    queue.addInbox("bob");
    queue.pause("alice", true);
    for (int i = 0; i < 3; i++) {
      queue.broadcast("message " + i);
    }
    RecordingDelivery peer = RecordingDelivery.acceptingAll();

    processor(peer).runOnce();

    assertEquals(null, peer.attempts().get("alice"));
    assertEquals(3, peer.attempts().get("bob").size());
    queue.pause("alice", false);
    processor(peer).runOnce();
    assertEquals(
        List.of(new Attempt(1, true), new Attempt(3, true), new Attempt(5, true)),
        peer.attempts().get("alice"));
  }

  @Test
  void aPauseStopsAClaimedBatchAfterTheDeliveryInFlightAndHandsBackTheRestInOrder() {
    queue.addInbox("alice");
    for (int i = 0; i < 5; i++) {
      queue.send("message " + i, "alice");
    }
    RecordingDelivery peer =
        RecordingDelivery.acceptingAll()
            .during(
                claim -> {
                  if (claim.entry().seq() == 2) {
                    queue.pause("alice", true);
                  }
                });

    processor(peer).runOnce();

    assertEquals(List.of(new Attempt(1, true), new Attempt(2, true)), peer.attempts().get("alice"));
    List<Entry> entries = queue.entries();
    assertEquals(
        List.of(
            EntryState.DELIVERED,
            EntryState.DELIVERED,
            EntryState.PENDING,
            EntryState.PENDING,
            EntryState.PENDING),
        entries.stream().map(Entry::state).toList());
    for (Entry handedBack : entries.subList(2, 5)) {
      assertEquals(0, handedBack.attempts(), handedBack.id());
      assertEquals(null, handedBack.leaseOwner(), handedBack.id());
    }
    assertEquals(1, logs.lines(Level.INFO, "agent alice was paused").size());

    queue.pause("alice", false);
    processor(peer).runOnce();
    assertEquals(
        List.of(3L, 4L, 5L),
        peer.attempts().get("alice").subList(2, 5).stream().map(Attempt::seq).toList());
  }

  // While the outcome of the first entry is saved, the second's inbox file is prepared in tmp/;
  // the pause then hands it back, and the prepared file goes with it: nothing is left in tmp/.
  @Test
  void aPausedBatchLeavesNoFilePreparedForItsNextEntry() throws IOException {
    queue.addInbox("alice");
    for (int i = 0; i < 3; i++) {
      queue.send("message " + i, "alice");
    }
    InboxDelivery inbox = new InboxDelivery(queue.inboxRoot(), new DefaultFileOps());
    List<Long> prepared = new CopyOnWriteArrayList<>();
    Delivery pausingAfterTheFirst =
        new Delivery() {
          @Override
          public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout) {
            DeliveryResult result = inbox.deliver(claim, payload, timeout);
            if (claim.entry().seq() == 1) {
              queue.pause("alice", true);
            }
            return result;
          }

          @Override
          public void prepare(Claim claim, byte[] payload) {
            prepared.add(claim.entry().seq());
            inbox.prepare(claim, payload);
          }

          @Override
          public void discard(Claim claim) {
            inbox.discard(claim);
          }
        };

    processor(pausingAfterTheFirst).runOnce();

    assertEquals(List.of(2L), prepared);
    assertEquals(
        List.of(EntryState.DELIVERED, EntryState.PENDING, EntryState.PENDING),
        queue.entries().stream().map(Entry::state).toList());
    assertEquals(1, files(dir.resolve("inbox/alice/new")).size());
    assertEquals(List.of(), files(dir.resolve("inbox/alice/tmp")));
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  @Test
  void aBatchWhoseAgentChangesGoesOnWithTheNewSettingsFromItsNextEntry() {
    queue.addHttp("alice", "http://127.0.0.1:9/");
    for (int i = 0; i < 3; i++) {
      queue.send("message " + i, "alice");
    }
    List<Duration> timeouts = new CopyOnWriteArrayList<>();
    Delivery changing =
        (claim, payload, timeout) -> {
          timeouts.add(timeout);
          if (claim.entry().seq() == 1) {
            queue.set("alice", null, Duration.ofSeconds(3));
          }
          return DeliveryResult.delivered();
        };

    processor(changing).runOnce();

    assertEquals(
        List.of(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(3)), timeouts);
    assertTrue(queue.allTerminal());
  }

  @Test
  void aPullAgentsEntriesAreNeverDeliveredByTheProcessor() {
    queue.addPull("carol");
    queue.send("take it yourself", "carol");
    RecordingDelivery peer = RecordingDelivery.acceptingAll();

    processor(peer).runOnce();

    assertEquals(0, peer.count());
    Entry entry = queue.entry(0);
    assertEquals(EntryState.PENDING, entry.state());
    assertEquals(0, entry.attempts());
  }

  private Processor processor(Delivery delivery) {
    DeliveryRules rules =
        new DeliveryRules(
            delivery,
            Duration.ofSeconds(10),
            new RetryPolicy(clock, FixedRandom.middle(), 10),
            DeliveryListener.NONE);
    return new Processor(
        queue.store(),
        ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1"),
        rules,
        new ManualScheduling(clock).scheduling());
  }
}
