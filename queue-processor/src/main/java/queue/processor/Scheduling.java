package queue.processor;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * What time it is, where deliveries run and how the loop waits. The daemon has the wall clock, a
 * pool of worker threads and a {@link Wakeup}; a test has a clock it steps, an executor it runs by
 * hand and a sleeper that lets time pass only when told, so the whole processor runs on one thread
 * (db-scheduler's manual scheduler). One instance serves one processor.
 *
 * @param workers makes the executor of one run, given the number of workers
 * @param ticker elapsed time in nanoseconds, for how long a save took: the daemon's is monotonic
 *     ({@link System#nanoTime}), so a step of the clock is never taken for a slow save
 */
public record Scheduling(
    Clock clock, IntFunction<ExecutorService> workers, Sleeper sleeper, LongSupplier ticker) {

  /** The daemon's: worker threads, the given clock, and a wake-up the loop waits on. */
  public static Scheduling threads(Clock clock) {
    return new Scheduling(
        clock,
        count ->
            Executors.newFixedThreadPool(
                count,
                runnable -> {
                  Thread thread = new Thread(runnable, "delivery");
                  thread.setDaemon(true);
                  return thread;
                }),
        new Wakeup(),
        System::nanoTime);
  }
}
