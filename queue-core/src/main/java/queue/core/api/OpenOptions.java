package queue.core.api;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How to open a store.
 *
 * @param lockTimeout how long a file store waits for the queue lock (then exit 3)
 * @param connectTimeout how long a database store waits for its server (then exit 6)
 * @param create true for a command that writes: a missing data directory is created; false for one
 *     that only reads, which refuses a missing directory (exit 2) and changes nothing
 * @param localDirectory this host's data directory ({@code $QUEUE_DIR} or {@code ./message_queue}):
 *     a database store puts default inboxes under it
 * @param maxBodyBytes the largest body a send accepts
 */
public record OpenOptions(
    Clock clock,
    Duration lockTimeout,
    Duration connectTimeout,
    boolean create,
    Path localDirectory,
    int maxBodyBytes) {

  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Defaults for a command that writes, with this clock. */
  public static OpenOptions defaults(Clock clock) {
    return new OpenOptions(
        clock,
        DEFAULT_LOCK_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        true,
        Path.of(Stores.DEFAULT_DIR),
        SendRules.DEFAULT_MAX_BODY_BYTES);
  }

  public OpenOptions readOnly() {
    return new OpenOptions(clock, lockTimeout, connectTimeout, false, localDirectory, maxBodyBytes);
  }

  public OpenOptions withTimeouts(Duration lock, Duration connect) {
    return new OpenOptions(clock, lock, connect, create, localDirectory, maxBodyBytes);
  }

  public OpenOptions withLocalDirectory(Path directory) {
    return new OpenOptions(clock, lockTimeout, connectTimeout, create, directory, maxBodyBytes);
  }

  public OpenOptions withMaxBodyBytes(int bytes) {
    return new OpenOptions(clock, lockTimeout, connectTimeout, create, localDirectory, bytes);
  }
}
