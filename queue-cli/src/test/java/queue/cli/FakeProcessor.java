package queue.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import queue.core.api.Changes;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Liveness;
import queue.core.api.Outcome;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;

/**
 * A stand-in for queue-processor in unit tests: registers as running and, on every change the store
 * signals, claims what is due and settles it through the queue API, failing the recipients it is
 * told to fail. It drains once when started, for what was queued before.
 */
final class FakeProcessor implements AutoCloseable {
  private final QueueStore store;
  private final Set<String> failing;
  private final Liveness.Registration registration;
  private final Changes.Subscription subscription;

  FakeProcessor(QueueStore store, Set<String> failing) {
    this.store = store;
    this.failing = failing;
    this.registration =
        store
            .liveness()
            .register(
                new ProcessorInfo(
                    "fake", "localhost", ProcessHandle.current().pid(), Instant.now()));
    this.subscription = store.changes().subscribe(this::drain);
    drain();
  }

  private synchronized void drain() {
    List<List<Claim>> batches;
    do {
      batches =
          store
              .leases()
              .claim(ClaimRequest.processor("fake", "localhost", Duration.ofSeconds(60), 16, 16));
      List<Completion> done = new ArrayList<>();
      for (List<Claim> batch : batches) {
        for (Claim claim : batch) {
          Outcome outcome =
              failing.contains(claim.entry().recipient())
                  ? new Outcome.Failed("refused by test")
                  : new Outcome.Delivered();
          done.add(new Completion(claim.lease(), outcome));
        }
      }
      store.leases().settle(done);
    } while (!batches.isEmpty());
  }

  @Override
  public void close() {
    subscription.close();
    registration.close();
  }
}
