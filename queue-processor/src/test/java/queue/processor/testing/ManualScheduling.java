package queue.processor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import queue.core.testing.MutableClock;
import queue.processor.Scheduling;
import queue.processor.Sleeper;

/**
 * The processor on the test's thread and a clock the test steps (db-scheduler's manual scheduler).
 * Batches handed to a worker wait in a queue and run, one after the other, when the loop waits: the
 * loop is then woken by them and no time passes. A wait with nothing to run lets its time pass on
 * the clock, and is recorded. Nothing here reads the wall clock or sleeps.
 */
public final class ManualScheduling {
  // A loop still waiting after this many waits will never finish: the test fails instead of
  // hanging. Counted in waits, not in wall time, so it does not depend on the machine.
  private static final int MOST_WAITS = 100_000;

  private final MutableClock clock;
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private final List<Duration> waits = new ArrayList<>();
  private Runnable afterEachWait = () -> {};
  private int mostQueued;

  public ManualScheduling(MutableClock clock) {
    this.clock = clock;
  }

  /** A new scheduling for one processor. */
  public Scheduling scheduling() {
    return new Scheduling(
        clock, workers -> new QueuedExecutor(), new ClockSleeper(), this::clockNanos);
  }

  // Time passes only when the test steps the clock: a save takes none of it.
  private long clockNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  public MutableClock clock() {
    return clock;
  }

  /** Runs {@code action} after each wait that let time pass: where a test steps in. */
  public void afterEachWait(Runnable action) {
    afterEachWait = action;
  }

  /** Every wait that let time pass, in order. */
  public List<Duration> waits() {
    return List.copyOf(waits);
  }

  /** The most batches that waited for a worker at one time: the parallelism the loop used. */
  public int mostQueuedAtOnce() {
    return mostQueued;
  }

  /** Runs the queued batches, and those they queue, until none is left; returns how many. */
  public int runQueued() {
    int ran = 0;
    while (!queued.isEmpty()) {
      queued.removeFirst().run();
      ran++;
    }
    return ran;
  }

  private final class ClockSleeper implements Sleeper {
    @Override
    public void sleep(Duration timeout) {
      if (runQueued() > 0) {
        return;
      }
      if (waits.size() >= MOST_WAITS) {
        throw new AssertionError("the loop waited " + MOST_WAITS + " times and never finished");
      }
      waits.add(timeout);
      clock.advance(timeout);
      afterEachWait.run();
    }

    @Override
    public void wake() {
      // Everything runs on the test's thread: nothing waits to be woken.
    }
  }

  private final class QueuedExecutor extends AbstractExecutorService {
    private boolean shutdown;

    @Override
    public void execute(Runnable batch) {
      queued.addLast(batch);
      mostQueued = Math.max(mostQueued, queued.size());
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      List<Runnable> never = new ArrayList<>(queued);
      queued.clear();
      return never;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && queued.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      runQueued();
      return true;
    }
  }
}
