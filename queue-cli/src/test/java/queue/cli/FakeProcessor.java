package queue.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import queue.core.QueueDirectory;
import queue.core.lease.Claim;
import queue.core.lease.Completion;
import queue.core.lease.Outcome;
import queue.core.status.Processors;

/**
 * A stand-in for queue-processor in unit tests: registers as running, claims what is due and
 * completes it through the core API, failing the recipients it is told to fail.
 */
final class FakeProcessor {
  private final QueueDirectory queue;
  private final Set<String> failing;
  private final Processors.Registration registration;
  private final Thread thread;
  private volatile boolean running = true;

  FakeProcessor(Path dir, Set<String> failing) {
    this.queue = QueueDirectory.open(dir, Duration.ofSeconds(5), Clock.systemUTC());
    this.failing = failing;
    this.registration = queue.processors().register();
    this.thread = new Thread(this::loop, "fake-processor");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      List<Completion> done = new ArrayList<>();
      for (List<Claim> batch : queue.claimer().claim("fake", Duration.ofSeconds(60), 16, 16)) {
        for (Claim claim : batch) {
          Outcome outcome =
              failing.contains(claim.entry().recipient())
                  ? new Outcome.Failed("refused by test")
                  : new Outcome.Delivered();
          done.add(new Completion(claim.entry().id(), claim.leaseOwner(), outcome));
        }
      }
      queue.completer().complete(done);
      // Pacing, like a real processor's poll; the tests wait on the command, not on this.
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }

  void stop() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registration.close();
  }
}
