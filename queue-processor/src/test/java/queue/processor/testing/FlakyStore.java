package queue.processor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;
import queue.core.api.QueueStore;
import queue.core.api.Upkeep;
import queue.core.error.StoreUnreachableException;
import queue.core.model.EntryState;

/**
 * A store that can be taken down: while it is down every lease and upkeep call (all the processor
 * makes of it) fails as an unreachable database does, and nothing changes. The other parts answer
 * as usual, so a test can watch the queue meanwhile.
 */
public final class FlakyStore extends ForwardingStore {
  private final Leases leases;
  private final Upkeep upkeep;
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean down;

  public FlakyStore(QueueStore real) {
    super(real);
    this.leases = new FlakyLeases(real.leases());
    this.upkeep = new FlakyUpkeep(real.upkeep());
  }

  public void goDown() {
    down = true;
  }

  public void comeBack() {
    down = false;
  }

  /** How many calls were refused while down. */
  public int refused() {
    return refused.get();
  }

  private void refuseIfDown() {
    if (down) {
      refused.incrementAndGet();
      throw new StoreUnreachableException(
          "cannot reach the database at 127.0.0.1:5432/queue: connection refused", null);
    }
  }

  @Override
  public String location() {
    return "flaky:" + real.location();
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public Upkeep upkeep() {
    return upkeep;
  }

  private final class FlakyLeases implements Leases {
    private final Leases leases;

    FlakyLeases(Leases leases) {
      this.leases = leases;
    }

    @Override
    public List<List<Claim>> claim(ClaimRequest request) {
      refuseIfDown();
      return leases.claim(request);
    }

    @Override
    public Set<String> renew(Collection<LeaseRef> held, Duration lease) {
      refuseIfDown();
      return leases.renew(held, lease);
    }

    @Override
    public int settle(List<Completion> completions) {
      refuseIfDown();
      return leases.settle(completions);
    }

    @Override
    public int handBack(Collection<LeaseRef> held) {
      refuseIfDown();
      return leases.handBack(held);
    }

    @Override
    public Optional<Instant> nextDue(String owner) {
      refuseIfDown();
      return leases.nextDue(owner);
    }
  }

  private final class FlakyUpkeep implements Upkeep {
    private final Upkeep upkeep;

    FlakyUpkeep(Upkeep upkeep) {
      this.upkeep = upkeep;
    }

    @Override
    public int retry(List<String> ids) {
      refuseIfDown();
      return upkeep.retry(ids);
    }

    @Override
    public int retryAll() {
      refuseIfDown();
      return upkeep.retryAll();
    }

    @Override
    public int purge(Set<EntryState> states, Duration olderThan) {
      refuseIfDown();
      return upkeep.purge(states, olderThan);
    }

    @Override
    public int retire(Duration retain) {
      refuseIfDown();
      return upkeep.retire(retain);
    }

    @Override
    public void checkpoint() {
      refuseIfDown();
      upkeep.checkpoint();
    }
  }
}
