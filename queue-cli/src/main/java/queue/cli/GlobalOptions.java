package queue.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import queue.core.api.OpenOptions;

/** Options every command takes, before or after the command name. */
public final class GlobalOptions {

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "The data directory of a file store (default: $QUEUE_DIR, else ./message_queue).")
  String dir;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      scope = ScopeType.INHERIT,
      description =
          "The store: a data directory, or a PostgreSQL URL such as postgresql://HOST/DB"
              + " (default: $QUEUE_STORE, else the data directory).")
  String store;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = DurationConverter.class,
      description =
          "How long to wait for a database store's server before giving up with exit 6"
              + " (default: 10s).")
  Duration connectTimeout = OpenOptions.DEFAULT_CONNECT_TIMEOUT;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = DurationConverter.class,
      description =
          "How long to wait for the queue lock before giving up with exit 3 (default: 10s).")
  Duration lockTimeout = OpenOptions.DEFAULT_LOCK_TIMEOUT;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log details (and the cause of an error) to stderr.")
  boolean verbose;

  public String dir() {
    return dir;
  }

  public String store() {
    return store;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  public boolean verbose() {
    return verbose;
  }
}
