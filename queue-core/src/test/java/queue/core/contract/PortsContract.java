package queue.core.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import queue.core.api.Changes;
import queue.core.api.Diagnosis;
import queue.core.api.Liveness;
import queue.core.api.ProcessorInfo;

/** The ports a program needs beside the queue: liveness, the change signal, diagnostics. */
abstract class PortsContract extends ContractPart {
  private static final Duration SIGNAL_WAIT = Duration.ofSeconds(30);

  PortsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  private static ProcessorInfo processor(String owner, Instant startedAt) {
    return new ProcessorInfo(owner, QueueFixture.HOST, ProcessHandle.current().pid(), startedAt);
  }

  @Test
  void noProcessorIsRunningOnANewStore() {
    assertEquals(List.of(), q.store.liveness().running());
  }

  @Test
  void registeredProcessorsRunInTheOrderTheyStartedUntilTheirRegistrationCloses() {
    ProcessorInfo first = processor("p1", q.now());
    ProcessorInfo second = processor("p2", q.now().plusSeconds(1));
    Liveness.Registration one = q.store.liveness().register(first);
    Liveness.Registration two = q.store.liveness().register(second);

    assertEquals(List.of(first, second), q.store.liveness().running());

    one.close();
    assertEquals(List.of(second), q.store.liveness().running());
    two.close();
    assertEquals(List.of(), q.store.liveness().running());
  }

  @Test
  void subscriptionFiresAfterASend() {
    q.register("alice");
    AtomicInteger signals = new AtomicInteger();

    Changes.Subscription subscription = q.store.changes().subscribe(signals::incrementAndGet);
    try {
      q.sendTo("alice", "wake up");

      await().atMost(SIGNAL_WAIT).until(() -> signals.get() > 0);
    } finally {
      subscription.close();
    }
  }

  // Two subscriptions see the same changes: once the open one has seen a send, the closed one
  // would have too.
  @Test
  void closedSubscriptionNoLongerFires() {
    q.register("alice");
    AtomicInteger closedSignals = new AtomicInteger();
    AtomicInteger openSignals = new AtomicInteger();
    Changes.Subscription closed = q.store.changes().subscribe(closedSignals::incrementAndGet);
    Changes.Subscription open = q.store.changes().subscribe(openSignals::incrementAndGet);
    try {
      q.sendTo("alice", "first");
      await().atMost(SIGNAL_WAIT).until(() -> openSignals.get() > 0 && closedSignals.get() > 0);

      closed.close();
      int seenBeforeClose = closedSignals.get();
      int openBefore = openSignals.get();
      q.sendTo("alice", "second");

      await().atMost(SIGNAL_WAIT).until(() -> openSignals.get() > openBefore);
      assertEquals(seenBeforeClose, closedSignals.get());
    } finally {
      open.close();
    }
  }

  @Test
  void healthyStoreDiagnosesNoProblem() {
    q.register("alice");
    q.sendTo("alice", "fine");

    Diagnosis diagnosis = q.store.diagnostics().diagnose();

    assertTrue(
        diagnosis.findings().stream().noneMatch(f -> f.level() == Diagnosis.Level.PROBLEM),
        diagnosis.toString());
  }
}
