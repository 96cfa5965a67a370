package queue.core.api;

import java.time.Clock;
import java.time.Duration;

/**
 * How to open a store.
 *
 * @param lockTimeout how long a file store waits for the queue lock (then exit 3)
 * @param connectTimeout how long a database store waits for its server (then exit 6)
 * @param create true for a command that writes: a missing data directory is created; false for one
 *     that only reads, which refuses a missing directory (exit 2) and changes nothing
 */
public record OpenOptions(
    Clock clock, Duration lockTimeout, Duration connectTimeout, boolean create) {

  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Defaults for a command that writes, with this clock. */
  public static OpenOptions defaults(Clock clock) {
    return new OpenOptions(clock, DEFAULT_LOCK_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, true);
  }

  public OpenOptions readOnly() {
    return new OpenOptions(clock, lockTimeout, connectTimeout, false);
  }

  public OpenOptions withTimeouts(Duration lock, Duration connect) {
    return new OpenOptions(clock, lock, connect, create);
  }
}
