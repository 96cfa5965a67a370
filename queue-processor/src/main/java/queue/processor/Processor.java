package queue.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Changes;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.LeaseRef;
import queue.core.api.QueueStore;
import queue.core.model.Agent;
import queue.processor.claim.HeldBatch;
import queue.processor.claim.InFlight;
import queue.processor.claim.LeaseKeeper;
import queue.processor.complete.Settler;

/**
 * The delivery loop on one store. Each pass ({@link #runDue}) saves the outcomes workers reported,
 * renews the leases that are due, retires delivered entries, and claims due entries in one
 * transaction (the store's lock is released before any delivery starts), handing each recipient's
 * batch to a worker. Then it sleeps until something is due or a send, a finished delivery or a stop
 * wakes it.
 *
 * <p>Guarantees: one recipient's entries are delivered in queue order, one at a time, by this and
 * every other processor while leases are honoured (a worker confirms its lease before each
 * delivery); different recipients in parallel, up to {@code workers}. Every delivery has one
 * deadline, after which it is abandoned and retried, and its lease is no longer renewed. An entry
 * is delivered at least once: a processor that dies mid-delivery leaves a lease that expires, and
 * the entry is claimed again. A batch starts its next delivery only once the outcome of the one
 * before is saved, so each worker has at most one entry whose outcome is not in the store, and
 * between deliveries the batch checks that its agent is still registered as it was claimed (a
 * pause, a new transport or a removal hands back the rest, in order). A store that stops answering
 * is retried with backoff while the outcomes of finished deliveries are kept, and they are saved
 * before anything new is claimed. A stop claims nothing more, lets running deliveries finish within
 * the shutdown grace, interrupts the rest, and hands back what is left, attempts unchanged.
 *
 * <p>Not promised: exactly-once delivery. After a crash, what is delivered again is at most one
 * entry per worker: the one it was delivering, or the one whose outcome was waiting for its save.
 * An entry whose delivery was running when its processor stalled past its lease is delivered again
 * too (see docs/PROCESSOR.md).
 *
 * <p>A processor runs once: call {@link #run} or {@link #runOnce}, not both, not twice.
 */
public final class Processor {
  private static final Logger log = LoggerFactory.getLogger(Processor.class);
  private final QueueStore store;
  private final ProcessorConfig config;
  private final Scheduling scheduling;
  private final Clock clock;
  private final InFlight inFlight = new InFlight();
  private final Settler settler;
  private final LeaseKeeper keeper;
  private final Housekeeping housekeeping;
  private final StoreHealth health;
  private final BatchDelivery.Context context;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  // Measured on the ticker, not the clock: a wall clock stepped back must not stretch the pause,
  // and a finished worker that lifts it just before it is set leaves it one poll interval at most.
  private volatile boolean claimsPaused;
  private volatile long claimsPausedAtNanos;
  private ExecutorService workers;

  public Processor(
      QueueStore store, ProcessorConfig config, DeliveryRules rules, Scheduling scheduling) {
    this.store = store;
    this.config = config;
    this.scheduling = scheduling;
    this.clock = scheduling.clock();
    this.settler = new Settler(store.leases(), clock, scheduling.ticker());
    this.keeper = new LeaseKeeper(store.leases(), config.lease(), inFlight, clock);
    this.housekeeping = new Housekeeping(store.upkeep(), config.retain(), clock);
    this.health = new StoreHealth(store.location());
    this.context = new BatchDelivery.Context(rules, settler, keeper, health, clock);
  }

  /** Delivers until {@link #stop} is called, woken by new sends and due retries. */
  public void run() {
    loop(true);
  }

  /**
   * Delivers everything due now, including what becomes due of it meanwhile (the entries behind a
   * delivered one), then returns. A store failure while nothing is held ends it with that failure.
   */
  public void runOnce() {
    loop(false);
  }

  /** Asks the loop to stop; returns at once. */
  public void stop() {
    stopping = true;
    scheduling.sleeper().wake();
  }

  /** Waits until {@link #run} or {@link #runOnce} has returned. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void loop(boolean daemon) {
    workers = scheduling.workers().apply(config.workers());
    Changes.Subscription changes =
        daemon ? store.changes().subscribe(scheduling.sleeper()::wake) : () -> {};
    boolean fatal = false;
    try {
      while (!stopping && iterate(daemon)) {
        // Each pass claims, dispatches and waits; iterate says when a --once run is done.
      }
    } catch (Error e) {
      // Nothing more is safe to do: the leases held run out as after a crash.
      fatal = true;
      throw e;
    } finally {
      changes.close();
      if (!fatal) {
        new OrderlyStop(config.shutdownGrace(), context, inFlight)
            .finish(workers, store.leases(), store.upkeep(), scheduling);
      }
      stopped.countDown();
    }
  }

  private boolean iterate(boolean daemon) {
    Duration wait;
    try {
      int claimed = runDue(daemon);
      health.answered();
      if (!daemon && claimed == 0 && inFlight.isEmpty() && !settler.hasPending()) {
        return false;
      }
      wait = untilNextWake(daemon);
    } catch (RuntimeException e) {
      if (!daemon && inFlight.isEmpty() && !settler.hasPending()) {
        throw e;
      }
      health.failed(e);
      wait = health.nextBackoff();
    }
    try {
      scheduling.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
    return true;
  }

  /**
   * One pass of the daemon's loop, without waiting: what a test calls to run what is due now.
   * Outcomes are saved first, so nothing whose outcome is kept here is claimed again.
   *
   * @return how many entries were claimed
   */
  int runDue() {
    return runDue(true);
  }

  private int runDue(boolean daemon) {
    inFlight.settled(settler.saveIfDue(!inFlight.isDelivering()));
    keeper.renewIfDue();
    if (daemon) {
      housekeeping.retireIfDue();
    }
    goOnWithSavedBatches();
    return claimAndDispatch();
  }

  /**
   * Hands each batch whose last outcome is saved to a worker for its next delivery, if its agent is
   * still registered as it was when the batch was claimed; a batch whose agent was paused, changed
   * or removed since is handed back whole from its next entry, in queue order, and the next claim
   * takes the agent as it is now (a paused one not at all).
   */
  private void goOnWithSavedBatches() {
    List<HeldBatch> ready = inFlight.readyToGoOn();
    if (ready.isEmpty() || stopping) {
      return;
    }
    Map<String, Agent> agents = new HashMap<>();
    store.agents().list().forEach(agent -> agents.put(agent.name(), agent));
    for (HeldBatch batch : ready) {
      batch.resume();
      Agent now = agents.get(batch.recipient());
      if (Objects.equals(now, batch.agent())) {
        workers.execute(new BatchDelivery(context, batch, new Reports()));
        continue;
      }
      Claim prepared = batch.takePrepared();
      if (prepared != null) {
        BatchDelivery.discard(context.rules(), prepared);
      }
      List<LeaseRef> rest = batch.unfinished();
      log.info(
          "agent {} was {} since its entries were claimed: handing back the {} not yet delivered",
          batch.recipient(),
          now == null ? "removed" : now.paused() ? "paused" : "changed",
          rest.size());
      settler.handBack(rest);
      inFlight.finished(batch);
    }
  }

  private int claimAndDispatch() {
    int free = config.workers() - inFlight.busyRecipients();
    Instant now = clock.instant();
    if (free <= 0 || stopping || claimsArePaused()) {
      return 0;
    }
    Instant heldUntil = now.plus(config.lease());
    List<List<Claim>> batches =
        store
            .leases()
            .claim(
                ClaimRequest.processor(
                    config.owner(), config.host(), config.lease(), free, config.batchSize()));
    int claimed = 0;
    for (List<Claim> claims : batches) {
      claimed += claims.size();
      HeldBatch batch = new HeldBatch(claims, heldUntil);
      if (!inFlight.start(batch)) {
        // This processor's own lease on the recipient ran out while a worker still delivers to
        // it (past its deadline): the claim goes back, and is not made again at once, which
        // would only hand it back again, until a worker finishes or a poll interval passed.
        settler.handBack(claims.stream().map(Claim::lease).toList());
        claimsPausedAtNanos = scheduling.ticker().getAsLong();
        claimsPaused = true;
        continue;
      }
      workers.execute(new BatchDelivery(context, batch, new Reports()));
    }
    return claimed;
  }

  // With every worker busy only a finished worker can make room, and it wakes the loop. A --once
  // run waits only for its own workers, not for retries or other processors' leases.
  private Duration untilNextWake(boolean daemon) {
    Instant now = clock.instant();
    Instant wake = now.plus(config.pollInterval());
    if (!inFlight.isEmpty()) {
      wake = earliest(wake, keeper.nextRenewal());
    }
    wake =
        earliest(
            wake, inFlight.isDelivering() ? settler.dueAt().orElse(wake) : settlerNowOr(wake, now));
    if (daemon) {
      wake = earliest(wake, housekeeping.nextRetire());
      if (inFlight.busyRecipients() < config.workers()) {
        wake = earliest(wake, store.leases().nextDue(config.owner()).orElse(wake));
      }
    }
    return now.isBefore(wake) ? Duration.between(now, wake) : Duration.ZERO;
  }

  // With no delivery running, what waits for a save is saved at once (see Settler#saveIfDue).
  private Instant settlerNowOr(Instant wake, Instant now) {
    return settler.hasPending() ? now : wake;
  }

  private boolean claimsArePaused() {
    return claimsPaused
        && scheduling.ticker().getAsLong() - claimsPausedAtNanos < config.pollInterval().toNanos();
  }

  private static Instant earliest(Instant a, Instant b) {
    return b.isBefore(a) ? b : a;
  }

  /** What a batch's worker tells the loop. */
  private final class Reports implements BatchDelivery.Owner {
    @Override
    public boolean isStopping() {
      return stopping;
    }

    @Override
    public void progressed() {
      scheduling.sleeper().wake();
    }

    @Override
    public void finished(HeldBatch batch) {
      inFlight.finished(batch);
      claimsPaused = false;
      scheduling.sleeper().wake();
    }
  }
}
