package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.DeliveryListener;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.FlakyStore;
import queue.processor.testing.LogCapture;
import queue.processor.testing.ManualScheduling;
import queue.processor.testing.RecordingDelivery;
import queue.processor.testing.RecordingDelivery.Attempt;
import queue.processor.testing.TestQueue;

/**
 * The store goes away while the daemon runs: the loop keeps going, says so once, backs off from 100
 * ms doubling to 5 s, keeps the outcomes of the deliveries it finished and saves them when the
 * store is back, before claiming anything: nothing lost, nothing delivered twice.
 */
class StoreLossTest {
  private static final List<Duration> BACKOFF =
      List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L).stream()
          .map(Duration::ofMillis)
          .toList();

  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final ManualScheduling manual = new ManualScheduling(clock);
  private TestQueue queue;
  private FlakyStore store;

  @BeforeEach
  void open() {
    queue = TestQueue.inMemory(clock, dir);
    store = new FlakyStore(queue.store());
    queue.addInbox("alice");
    queue.addInbox("bob");
    for (int i = 0; i < 4; i++) {
      queue.broadcast("message " + i);
    }
  }

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void theLoopBacksOffWhileTheStoreIsDownAndSavesWhatItKeptWhenItIsBack() {
    RecordingDelivery peer = RecordingDelivery.acceptingAll();
    peer.during(
        claim -> {
          if (claim.entry().seq() == 3) {
            store.goDown();
          }
        });
    Processor daemon = daemon(peer, Duration.ofSeconds(60));
    stepInAfterWaits(daemon, BACKOFF.size());

    daemon.run();

    assertEquals(BACKOFF, manual.waits().subList(0, BACKOFF.size()));
    assertEveryEntryDeliveredOnce(peer);
    assertEquals(1, logs.lines(Level.WARN, "lost the store flaky:memory").size());
    assertEquals(1, logs.lines(Level.INFO, "the store flaky:memory is back").size());
    assertTrue(store.refused() >= BACKOFF.size());
  }

  @Test
  void batchesStopWhenTheirLeasesCannotBeConfirmedAndNothingIsDeliveredTwiceAfterTheOutage() {
    RecordingDelivery peer = RecordingDelivery.acceptingAll();
    peer.during(
        claim -> {
          if (claim.entry().seq() == 3) {
            store.goDown();
            // Past half the lease: the next delivery needs the store to confirm its lease.
            clock.advance(Duration.ofSeconds(3));
          }
        });
    // The waits of nine tries add up to 21.3 s: the 5 s leases run out meanwhile.
    Processor daemon = daemon(peer, Duration.ofSeconds(5));
    stepInAfterWaits(daemon, BACKOFF.size());

    daemon.run();

    assertEveryEntryDeliveredOnce(peer);
    assertEquals(1, logs.lines(Level.WARN, "lost the store").size());
  }

  // Brings the store back after the given number of waits, then stops the daemon once the queue
  // is drained.
  private void stepInAfterWaits(Processor daemon, int outage) {
    manual.afterEachWait(
        () -> {
          if (manual.waits().size() == outage) {
            store.comeBack();
          }
          if (manual.waits().size() > outage && queue.allTerminal()) {
            daemon.stop();
          }
        });
  }

  private void assertEveryEntryDeliveredOnce(RecordingDelivery peer) {
    for (Entry entry : queue.entries()) {
      assertEquals(EntryState.DELIVERED, entry.state(), entry.toString());
      assertEquals(1, entry.attempts(), entry.toString());
    }
    assertEquals(
        Map.of(
            "alice",
            List.of(
                new Attempt(1, true),
                new Attempt(3, true),
                new Attempt(5, true),
                new Attempt(7, true)),
            "bob",
            List.of(
                new Attempt(2, true),
                new Attempt(4, true),
                new Attempt(6, true),
                new Attempt(8, true))),
        peer.attempts());
  }

  private Processor daemon(RecordingDelivery peer, Duration lease) {
    DeliveryRules rules =
        new DeliveryRules(
            peer,
            Duration.ofSeconds(10),
            new RetryPolicy(clock, FixedRandom.middle(), 10),
            DeliveryListener.NONE);
    ProcessorConfig config =
        ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1").withLease(lease);
    return new Processor(store, config, rules, manual.scheduling());
  }
}
