package queue.processor.claim;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Leases;

/**
 * Renews this processor's leases while it holds any entry, at a third of the lease, so a slow
 * delivery is not taken over by another processor. A failed renewal is logged; the next one, still
 * well inside the lease, tries again.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final ScheduledExecutorService timer;

  private LeaseKeeper(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public static LeaseKeeper start(Leases leases, Duration lease, InFlight held) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "lease-keeper");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, lease.toMillis() / 3);
    timer.scheduleWithFixedDelay(
        () -> renew(leases, lease, held), period, period, TimeUnit.MILLISECONDS);
    return new LeaseKeeper(timer);
  }

  private static void renew(Leases leases, Duration lease, InFlight held) {
    if (held.isEmpty()) {
      return;
    }
    try {
      int renewed = leases.renew(held.leases(), lease).size();
      log.debug("renewed {} lease(s)", renewed);
    } catch (RuntimeException e) {
      log.warn("could not renew the leases; retrying at the next renewal: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
