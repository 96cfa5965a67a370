package queue.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.files.DefaultFileOps;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryListener;
import queue.processor.testing.BlockingDelivery;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.LogCapture;
import queue.processor.testing.ManualScheduling;
import queue.processor.testing.RecordingDelivery;
import queue.processor.testing.TestQueue;

/**
 * Stopping, and the daemon on real threads: what needs a thread (an interrupt) or shows the real
 * wake-up runs on threads, with Awaitility waiting for conditions and no time asserted.
 */
class ProcessorStopTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();
  private final List<Processor> daemons = new ArrayList<>();
  private TestQueue queue;

  @AfterEach
  void stopDaemons() throws InterruptedException {
    for (Processor daemon : daemons) {
      daemon.stop();
      assertTrue(daemon.awaitStopped(Duration.ofSeconds(30)));
    }
    queue.close();
  }

  @Test
  void theDaemonDeliversANewSendPromptlyAndStopsCleanly() throws Exception {
    queue = TestQueue.inMemory(Clock.systemUTC(), dir);
    queue.addInbox("alice");
    Processor daemon = startDaemon(config(), standard(Clock.systemUTC()));

    queue.send("hi", "alice");

    await().until(queue::allTerminal);
    daemon.stop();
    assertTrue(daemon.awaitStopped(Duration.ofSeconds(30)));
    Entry entry = queue.entry(0);
    assertEquals(EntryState.DELIVERED, entry.state());
    assertTrue(Files.exists(dir.resolve("inbox/alice/new/" + entry.id() + ".json")));
  }

  @Test
  void aStopAfterTheGraceInterruptsTheRunningDeliveryAndHandsBackItAndTheRest() throws Exception {
    queue = TestQueue.inMemory(Clock.systemUTC(), dir);
    queue.addInbox("alice");
    for (int i = 0; i < 3; i++) {
      queue.send("hi " + i, "alice");
    }
    BlockingDelivery stuck = new BlockingDelivery();
    Processor daemon = startDaemon(config().withShutdownGrace(Duration.ZERO), stuck);
    await().until(stuck::hasStarted);

    daemon.stop();

    assertTrue(daemon.awaitStopped(Duration.ofSeconds(30)));
    for (Entry entry : queue.entries()) {
      assertEquals(EntryState.PENDING, entry.state());
      assertEquals(0, entry.attempts());
      assertNull(entry.leaseOwner());
    }
    assertEquals(1, logs.lines(Level.WARN, "interrupting them").size());
  }

  @Test
  void aStopLetsTheRunningDeliveryFinishAndHandsBackTheEntriesNotStarted() {
    MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    queue = TestQueue.inMemory(clock, dir);
    queue.addInbox("alice");
    for (int i = 0; i < 3; i++) {
      queue.send("hi " + i, "alice");
    }
    List<Processor> running = new ArrayList<>();
    RecordingDelivery stopsMidway =
        RecordingDelivery.acceptingAll().during(claim -> running.get(0).stop());
    running.add(
        new Processor(
            queue.store(),
            config(),
            rules(stopsMidway, clock),
            new ManualScheduling(clock).scheduling()));

    running.get(0).run();

    assertEquals(EntryState.DELIVERED, queue.entry(0).state());
    for (Entry entry : queue.entries().subList(1, 3)) {
      assertEquals(EntryState.PENDING, entry.state());
      assertEquals(0, entry.attempts());
      assertNull(entry.leaseOwner());
    }
  }

  private Processor startDaemon(ProcessorConfig config, Delivery delivery) {
    Processor daemon =
        new Processor(
            queue.store(),
            config,
            rules(delivery, Clock.systemUTC()),
            Scheduling.threads(Clock.systemUTC()));
    daemons.add(daemon);
    Thread thread = new Thread(daemon::run, "daemon-under-test");
    thread.setDaemon(true);
    thread.start();
    return daemon;
  }

  private static DeliveryRules rules(Delivery delivery, Clock clock) {
    return new DeliveryRules(
        delivery,
        Duration.ofSeconds(10),
        new RetryPolicy(clock, FixedRandom.middle(), 10),
        DeliveryListener.NONE);
  }

  private Delivery standard(Clock clock) {
    return Deliveries.standard(
        queue.inboxRoot(), new DefaultFileOps(), Duration.ofSeconds(10), clock);
  }

  private static ProcessorConfig config() {
    return ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1");
  }
}
