package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryResult;
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
  void aBatchInFlightWhenItsAgentIsPausedFinishes() {
    queue.addInbox("alice");
    queue.send("first", "alice");
    queue.send("second", "alice");
    RecordingDelivery pausing =
        RecordingDelivery.acceptingAll().during(claim -> queue.pause("alice", true));

    processor(pausing).runOnce();

    assertTrue(queue.entries().stream().allMatch(e -> e.state() == EntryState.DELIVERED));
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
