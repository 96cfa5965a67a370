package queue.processor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Changes;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;
import queue.core.api.QueueStore;
import queue.processor.claim.InFlight;
import queue.processor.claim.LeaseKeeper;
import queue.processor.complete.RetryPolicy;
import queue.processor.complete.Settler;
import queue.processor.deliver.Delivery;

/**
 * The delivery loop on one store: claim due entries in one transaction (the lock is released before
 * any delivery starts), deliver each recipient's batch on a bounded pool, and save the outcomes
 * through the {@link Settler}.
 *
 * <p>Guarantees: one recipient's entries are delivered in queue order, one at a time; different
 * recipients in parallel, up to {@code workers}. An entry is delivered at least once: a processor
 * that dies mid-delivery leaves a lease that expires, and the entry is claimed again (by any
 * processor). A stop ({@link #stop}) claims nothing more, lets running deliveries finish within the
 * shutdown grace, and hands back the rest, attempts unchanged. A failed iteration is logged and the
 * loop goes on.
 *
 * <p>Not promised: exactly-once delivery. An entry delivered just before a crash, whose outcome was
 * not yet saved, is delivered again.
 *
 * <p>A processor runs once: call {@link #run} or {@link #runOnce}, not both, not twice.
 */
public final class Processor {
  private static final Logger log = LoggerFactory.getLogger(Processor.class);
  private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(5);

  private final QueueStore store;
  private final ProcessorConfig config;
  private final Delivery delivery;
  private final RetryPolicy policy;
  private final Leases leases;
  private final Housekeeping housekeeping;
  private final Wakeup wakeup = new Wakeup();
  private final InFlight inFlight = new InFlight();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;

  public Processor(
      QueueStore store,
      ProcessorConfig config,
      Delivery delivery,
      RetryPolicy policy,
      java.time.Clock clock) {
    this.store = store;
    this.config = config;
    this.delivery = delivery;
    this.policy = policy;
    this.leases = store.leases();
    this.housekeeping = new Housekeeping(store, config, clock);
  }

  /** Delivers until {@link #stop} is called, woken by new sends and due retries. */
  public void run() {
    try (Session session = new Session(true)) {
      while (!stopping) {
        iterate(session, true);
      }
    } finally {
      stopped.countDown();
    }
  }

  /** Delivers everything due now, including what becomes due of it meanwhile, then returns. */
  public void runOnce() {
    try (Session session = new Session(false)) {
      while (!stopping) {
        if (iterate(session, false) == 0 && inFlight.isEmpty()) {
          return;
        }
      }
    } finally {
      stopped.countDown();
    }
  }

  /** Asks the loop to stop; returns at once. */
  public void stop() {
    stopping = true;
    wakeup.signal();
  }

  /** Waits until {@link #run} or {@link #runOnce} has returned. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private int iterate(Session session, boolean daemon) {
    try {
      if (daemon) {
        housekeeping.retireIfDue();
      }
      int claimed = claimAndDispatch(session);
      boolean workersFree = inFlight.busyRecipients() < config.workers();
      wakeup.await(
          daemon || !inFlight.isEmpty() ? housekeeping.untilNextDue(workersFree) : Duration.ZERO);
      session.errorPause = Duration.ofMillis(100);
      return claimed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return 0;
    } catch (RuntimeException e) {
      if (!daemon) {
        throw e;
      }
      log.error(
          "processor iteration failed; trying again in {} ms", session.errorPause.toMillis(), e);
      pause(session.errorPause);
      Duration doubled = session.errorPause.multipliedBy(2);
      session.errorPause = doubled.compareTo(MAX_ERROR_PAUSE) > 0 ? MAX_ERROR_PAUSE : doubled;
      return 1;
    }
  }

  private int claimAndDispatch(Session session) {
    int free = config.workers() - inFlight.busyRecipients();
    if (free <= 0 || stopping) {
      return 0;
    }
    List<List<Claim>> batches =
        leases.claim(
            ClaimRequest.processor(
                config.owner(), config.host(), config.lease(), free, config.batchSize()));
    int claimed = 0;
    for (List<Claim> batch : batches) {
      claimed += batch.size();
      if (!inFlight.start(batch)) {
        // Our own lease on this recipient expired while a worker still delivers to it.
        session.settler.handBack(leasesOf(batch));
        continue;
      }
      String recipient = batch.get(0).entry().recipient();
      session.pool.execute(
          new BatchDelivery(session.batchContext, batch, () -> finished(recipient)));
    }
    return claimed;
  }

  private void finished(String recipient) {
    inFlight.finished(recipient);
    wakeup.signal();
  }

  private void pause(Duration duration) {
    try {
      wakeup.await(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
  }

  private static List<LeaseRef> leasesOf(List<Claim> batch) {
    return batch.stream().map(Claim::lease).toList();
  }

  /** The threads of one run, and its orderly end. */
  private final class Session implements AutoCloseable {
    final ExecutorService pool;
    final Settler settler;
    final BatchDelivery.Context batchContext;
    final LeaseKeeper leaseKeeper;
    final Changes.Subscription changes;
    Duration errorPause = Duration.ofMillis(100);

    Session(boolean watch) {
      pool = Executors.newFixedThreadPool(config.workers(), Session::worker);
      settler =
          new Settler(
              leases,
              ids -> {
                inFlight.settled(ids);
                wakeup.signal();
              });
      batchContext = new BatchDelivery.Context(delivery, policy, settler, () -> stopping);
      leaseKeeper = LeaseKeeper.start(leases, config.lease(), inFlight);
      changes = watch ? store.changes().subscribe(wakeup::signal) : null;
    }

    private static Thread worker(Runnable runnable) {
      Thread thread = new Thread(runnable, "delivery");
      thread.setDaemon(true);
      return thread;
    }

    @Override
    public void close() {
      if (changes != null) {
        changes.close();
      }
      finishDeliveries();
      try {
        if (!settler.flush(config.shutdownGrace())) {
          log.error("could not save every outcome before stopping; their leases will expire");
        }
        List<LeaseRef> left = inFlight.leases();
        if (!left.isEmpty()) {
          log.warn("handing back {} entries still held", left.size());
          leases.handBack(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("could not hand back the entries still held; their leases will expire", e);
      } finally {
        settler.close();
        leaseKeeper.close();
      }
    }

    private void finishDeliveries() {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn(
              "{} deliveries still running after the shutdown grace; interrupting them",
              inFlight.busyRecipients());
          pool.shutdownNow();
          pool.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
