package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import queue.processor.deliver.DeliveryListener;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.LogCapture;
import queue.processor.testing.ManualScheduling;
import queue.processor.testing.RecordingDelivery;
import queue.processor.testing.RecordingDelivery.Attempt;
import queue.processor.testing.TestQueue;

/**
 * Leases, deadlines and expiry on the clock the test steps: a delivery "takes" time by advancing
 * the clock and letting the loop run what is due meanwhile; a processor "stalls" by advancing the
 * clock without letting its loop run.
 */
class ProcessorLeaseTest {
  private static final Duration LEASE = Duration.ofSeconds(60);

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
  void leasesAreRenewedWhileADeliveryRunsLongerThanTheLease() {
    queue.addInbox("alice");
    queue.send("hi", "alice");
    List<Processor> running = new ArrayList<>();
    List<Instant> leaseSeen = new ArrayList<>();
    RecordingDelivery slow =
        RecordingDelivery.acceptingAll()
            .during(
                claim -> {
                  for (int step = 0; step < 4; step++) {
                    clock.advance(Duration.ofSeconds(25));
                    running.get(0).runDue();
                    leaseSeen.add(queue.entry(0).leaseExpiresAt());
                  }
                });
    running.add(processor(slow));

    running.get(0).runOnce();

    for (Instant lease : leaseSeen) {
      assertTrue(lease.isAfter(Claimed.T0.plusSeconds(60)), "renewed: " + leaseSeen);
    }
    assertEquals(EntryState.DELIVERED, queue.entry(0).state());
    assertEquals(1, queue.entry(0).attempts());
  }

  @Test
  void aDeliveryPastItsDeadlineNoLongerKeepsItsLeaseAndAnotherProcessorTakesTheEntry() {
    queue.addHttp("alice", "http://127.0.0.1:9/");
    queue.set("alice", null, Duration.ofSeconds(30));
    queue.send("hi", "alice");
    RecordingDelivery other = RecordingDelivery.acceptingAll();
    List<Processor> running = new ArrayList<>();
    List<Instant> leaseSeen = new ArrayList<>();
    RecordingDelivery stuck =
        RecordingDelivery.acceptingAll()
            .during(
                claim -> {
                  for (int step = 0; step < 7; step++) {
                    clock.advance(Duration.ofSeconds(10));
                    running.get(0).runDue();
                    leaseSeen.add(queue.entry(0).leaseExpiresAt());
                  }
                  // The lease ran out 80 s after the start: the entry is free for another.
                  clock.advance(Duration.ofSeconds(15));
                  processor(other).runOnce();
                });
    running.add(processor(stuck));

    running.get(0).runOnce();

    Instant lastRenewal = Claimed.T0.plusSeconds(20).plus(LEASE);
    assertEquals(lastRenewal, leaseSeen.get(leaseSeen.size() - 1), "renewed within 30 s only");
    assertEquals(List.of(new Attempt(1, true)), other.attempts().get("alice"));
    Entry entry = queue.entry(0);
    assertEquals(EntryState.DELIVERED, entry.state());
    assertEquals(1, entry.attempts(), "the late result of the stuck delivery changed nothing");
  }

  @Test
  void aBatchStopsAtTheFirstEntryWhoseLeaseAnotherProcessorTookOver() {
    queue.addInbox("alice");
    for (int i = 0; i < 3; i++) {
      queue.send("message " + i, "alice");
    }
    RecordingDelivery other = RecordingDelivery.acceptingAll();
    RecordingDelivery stalled =
        RecordingDelivery.acceptingAll()
            .during(
                claim -> {
                  if (claim.entry().seq() == 1) {
                    // The process stops (SIGSTOP) past its lease; another drains meanwhile.
                    clock.advance(LEASE.plusSeconds(10));
                    processor(other).runOnce();
                  }
                });

    processor(stalled).runOnce();

    assertEquals(List.of(new Attempt(1, true)), stalled.attempts().get("alice"));
    assertEquals(
        List.of(new Attempt(1, true), new Attempt(2, true), new Attempt(3, true)),
        other.attempts().get("alice"));
    for (Entry entry : queue.entries()) {
      assertEquals(EntryState.DELIVERED, entry.state());
      assertEquals(1, entry.attempts());
    }
    assertEquals(1, logs.lines(Level.WARN, "no longer holds its lease").size());
  }

  @Test
  void aWorkerThatStalledAsksTheStoreAndGoesOnWhileNoOneTookItsLease() {
    queue.addInbox("alice");
    queue.send("first", "alice");
    queue.send("second", "alice");
    List<Instant> secondLease = new ArrayList<>();
    RecordingDelivery stalled =
        RecordingDelivery.acceptingAll()
            .during(
                claim -> {
                  if (claim.entry().seq() == 1) {
                    clock.advance(Duration.ofSeconds(45));
                  } else {
                    secondLease.add(queue.entry(1).leaseExpiresAt());
                  }
                });

    processor(stalled).runOnce();

    assertEquals(List.of(Claimed.T0.plusSeconds(45).plus(LEASE)), secondLease);
    assertEquals(2, stalled.count());
    assertTrue(queue.entries().stream().allMatch(e -> e.state() == EntryState.DELIVERED));
  }

  @Test
  void anEntryWhoseTtlRanOutBeforeItsDeliveryBeganIsExpiredAndNeverAttempted() {
    queue.addInbox("alice");
    queue.send("first", "alice");
    queue.sendWithTtl(Duration.ofSeconds(30), "short-lived", "alice");
    queue.send("third", "alice");
    List<Processor> running = new ArrayList<>();
    RecordingDelivery slow =
        RecordingDelivery.acceptingAll()
            .during(
                claim -> {
                  if (claim.entry().seq() == 1) {
                    clock.advance(Duration.ofSeconds(40));
                    running.get(0).runDue();
                  }
                });
    running.add(processor(slow));

    running.get(0).runOnce();

    assertEquals(List.of(new Attempt(1, true), new Attempt(3, true)), slow.attempts().get("alice"));
    Entry expired = queue.entry(1);
    assertEquals(EntryState.FAILED, expired.state());
    assertEquals(Entry.EXPIRED_ERROR, expired.lastError());
    assertEquals(0, expired.attempts());
    assertEquals(EntryState.DELIVERED, queue.entry(2).state());
    assertEquals(1, logs.lines(Level.WARN, "TTL ran out").size());
  }

  private Processor processor(Delivery delivery) {
    DeliveryRules rules =
        new DeliveryRules(
            delivery,
            Duration.ofMinutes(5),
            new RetryPolicy(clock, FixedRandom.middle(), 10),
            DeliveryListener.NONE);
    ProcessorConfig config =
        ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1").withLease(LEASE);
    return new Processor(queue.store(), config, rules, new ManualScheduling(clock).scheduling());
  }

  /** When the test's processors first claim: the clock does not move before. */
  private static final class Claimed {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  }
}
