package queue.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Claim;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;
import queue.core.api.Upkeep;
import queue.processor.claim.HeldBatch;
import queue.processor.claim.InFlight;
import queue.processor.claim.LeaseKeeper;
import queue.processor.complete.Settler;
import queue.processor.deliver.ErrorText;

/**
 * The end of a run: running deliveries get the shutdown grace to finish, their leases still renewed
 * meanwhile, then are interrupted (which ends an http exchange or kills a command at once); the
 * outcomes are saved, retried with backoff for up to the grace again if the store does not answer;
 * every entry still held is handed back, PENDING and due at once with its attempts unchanged; last,
 * the store is checkpointed, so that (on the file store) {@code queue.json} alone holds the state.
 */
final class OrderlyStop {
  private static final Logger log = LoggerFactory.getLogger(OrderlyStop.class);

  private final Duration grace;
  private final BatchDelivery.Context context;
  private final Settler settler;
  private final InFlight inFlight;
  private final LeaseKeeper keeper;
  private final StoreHealth health;

  OrderlyStop(Duration grace, BatchDelivery.Context context, InFlight inFlight) {
    this.grace = grace;
    this.context = context;
    this.settler = context.settler();
    this.inFlight = inFlight;
    this.keeper = context.keeper();
    this.health = context.health();
  }

  void finish(ExecutorService workers, Leases leases, Upkeep upkeep, Scheduling scheduling) {
    finishDeliveries(workers, scheduling.clock());
    discardPrepared();
    if (!saveOutcomes(scheduling)) {
      return;
    }
    List<LeaseRef> left = inFlight.leases();
    if (!left.isEmpty()) {
      handBack(leases, left);
    }
    checkpoint(upkeep);
  }

  // A batch waiting for its save may have prepared its next delivery (an inbox's temp file).
  private void discardPrepared() {
    for (HeldBatch batch : inFlight.batches()) {
      Claim prepared = batch.takePrepared();
      if (prepared != null) {
        BatchDelivery.discard(context.rules(), prepared);
      }
    }
  }

  private static void handBack(Leases leases, List<LeaseRef> left) {
    try {
      int handed = leases.handBack(left);
      log.info("handed back {} entries still held", handed);
    } catch (RuntimeException e) {
      log.error(
          "could not hand back {} entries still held; their leases will run out: {}",
          left.size(),
          ErrorText.describe(e));
    }
  }

  // Then the store's snapshot alone holds the whole state (the file store folds its journal into
  // queue.json), for a person or a script that reads it. If that fails, nothing is lost: the
  // journal keeps the changes.
  private static void checkpoint(Upkeep upkeep) {
    try {
      upkeep.checkpoint();
    } catch (RuntimeException e) {
      log.warn("could not fold the store's journal into its snapshot: {}", ErrorText.describe(e));
    }
  }

  private void finishDeliveries(ExecutorService workers, Clock clock) {
    workers.shutdown();
    try {
      if (!awaitWithinGrace(workers, clock)) {
        log.warn(
            "{} deliveries still running after the shutdown grace of {} ms; interrupting them",
            inFlight.busyRecipients(),
            grace.toMillis());
        workers.shutdownNow();
        workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // The loop has ended, so the leases of the deliveries still running are renewed here.
  private boolean awaitWithinGrace(ExecutorService workers, Clock clock)
      throws InterruptedException {
    Instant end = clock.instant().plus(grace);
    while (true) {
      Duration left = Duration.between(clock.instant(), end);
      if (left.isNegative() || left.isZero()) {
        return workers.isTerminated();
      }
      Duration slice =
          left.compareTo(keeper.renewalInterval()) < 0 ? left : keeper.renewalInterval();
      if (workers.awaitTermination(slice.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      try {
        keeper.renewIfDue();
      } catch (RuntimeException e) {
        health.failed(e);
      }
    }
  }

  // False when the store did not answer: then nothing is handed back either (it would not answer
  // that, and an entry whose outcome is unsaved must not be made due again).
  private boolean saveOutcomes(Scheduling scheduling) {
    Clock clock = scheduling.clock();
    Instant giveUp = clock.instant().plus(grace);
    while (settler.hasPending()) {
      try {
        inFlight.settled(settler.save());
        health.answered();
        return true;
      } catch (RuntimeException e) {
        health.failed(e);
        if (!clock.instant().isBefore(giveUp) || Thread.currentThread().isInterrupted()) {
          log.error(
              "could not save the outcomes of finished deliveries before stopping; their leases"
                  + " will run out and they will be delivered again: {}",
              ErrorText.describe(e));
          return false;
        }
        pause(scheduling.sleeper(), health.nextBackoff());
      }
    }
    return true;
  }

  private static void pause(Sleeper sleeper, Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
