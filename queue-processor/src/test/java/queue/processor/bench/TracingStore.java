package queue.processor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import queue.core.api.Changes;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;
import queue.core.api.QueueStore;
import queue.processor.testing.ForwardingStore;

/**
 * A store whose lease calls and change signals are timed: a claim's span names the entries it
 * claimed, and each wake-up of the change signal is a span of its own.
 */
final class TracingStore extends ForwardingStore {
  private final Trace trace;
  private final Leases leases;

  TracingStore(QueueStore real, Trace trace) {
    super(real);
    this.trace = trace;
    this.leases = new TracedLeases(real.leases(), trace);
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public Changes changes() {
    return listener ->
        real.changes()
            .subscribe(
                () -> {
                  trace.add(System.nanoTime(), "wake", "");
                  listener.run();
                });
  }

  private record TracedLeases(Leases real, Trace trace) implements Leases {
    @Override
    public List<List<Claim>> claim(ClaimRequest request) {
      long start = System.nanoTime();
      List<List<Claim>> batches = real.claim(request);
      trace.add(
          start,
          "claim",
          batches.stream()
              .flatMap(List::stream)
              .map(c -> c.entry().id())
              .collect(Collectors.joining(",")));
      return batches;
    }

    @Override
    public Set<String> renew(Collection<LeaseRef> leases, Duration lease) {
      long start = System.nanoTime();
      Set<String> renewed = real.renew(leases, lease);
      trace.add(start, "renew", "");
      return renewed;
    }

    @Override
    public int settle(List<Completion> completions) {
      long start = System.nanoTime();
      int applied = real.settle(completions);
      trace.add(start, "settle", String.valueOf(completions.size()));
      return applied;
    }

    @Override
    public int handBack(Collection<LeaseRef> leases) {
      long start = System.nanoTime();
      int handed = real.handBack(leases);
      trace.add(start, "handBack", "");
      return handed;
    }

    @Override
    public Optional<Instant> nextDue(String owner) {
      long start = System.nanoTime();
      Optional<Instant> due = real.nextDue(owner);
      trace.add(start, "nextDue", "");
      return due;
    }
  }
}
