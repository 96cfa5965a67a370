package queue.processor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a processor runs.
 *
 * @param owner the lease owner name of this processor; unique per run
 * @param host the host it runs on: on a shared store it delivers to the inbox agents of this host
 * @param workers how many recipients are delivered to in parallel
 * @param batchSize how many consecutive entries of one recipient one claim takes
 * @param lease how long a claim holds an entry before another processor may take it over
 * @param retain how long delivered entries stay in {@code queue.json} before moving to history
 * @param pollInterval the longest the loop sleeps without a wake-up from the directory watch
 * @param shutdownGrace how long a stop waits for running deliveries before handing them back
 */
public record ProcessorConfig(
    String owner,
    String host,
    int workers,
    int batchSize,
    Duration lease,
    Duration retain,
    Duration pollInterval,
    Duration shutdownGrace) {

  public static final int DEFAULT_WORKERS = 8;
  public static final int DEFAULT_BATCH_SIZE = 256;
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RETAIN = Duration.ofHours(1);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public ProcessorConfig {
    Objects.requireNonNull(owner, "owner");
    if (workers < 1 || batchSize < 1) {
      throw new IllegalArgumentException("workers and batchSize must be at least 1");
    }
  }

  public static ProcessorConfig defaults(String owner, String host) {
    return new ProcessorConfig(
        owner,
        host,
        DEFAULT_WORKERS,
        DEFAULT_BATCH_SIZE,
        DEFAULT_LEASE,
        DEFAULT_RETAIN,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_SHUTDOWN_GRACE);
  }

  public ProcessorConfig withWorkers(int count) {
    return new ProcessorConfig(
        owner, host, count, batchSize, lease, retain, pollInterval, shutdownGrace);
  }

  public ProcessorConfig withLease(Duration duration) {
    return new ProcessorConfig(
        owner, host, workers, batchSize, duration, retain, pollInterval, shutdownGrace);
  }

  public ProcessorConfig withRetain(Duration duration) {
    return new ProcessorConfig(
        owner, host, workers, batchSize, lease, duration, pollInterval, shutdownGrace);
  }

  public ProcessorConfig withBatchSize(int size) {
    return new ProcessorConfig(
        owner, host, workers, size, lease, retain, pollInterval, shutdownGrace);
  }

  public ProcessorConfig withShutdownGrace(Duration duration) {
    return new ProcessorConfig(
        owner, host, workers, batchSize, lease, retain, pollInterval, duration);
  }
}
