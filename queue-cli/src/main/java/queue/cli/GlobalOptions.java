package queue.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import queue.core.QueueDirectory;

/** Options every command takes, before or after the command name. */
public final class GlobalOptions {

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "The data directory (default: $QUEUE_DIR, else ./message_queue).")
  String dir;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = DurationConverter.class,
      description =
          "How long to wait for the queue lock before giving up with exit 3 (default: 10s).")
  Duration lockTimeout = QueueDirectory.DEFAULT_LOCK_TIMEOUT;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log details (and the cause of an error) to stderr.")
  boolean verbose;

  public String dir() {
    return dir;
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  public boolean verbose() {
    return verbose;
  }
}
