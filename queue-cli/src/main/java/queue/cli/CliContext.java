package queue.cli;

import java.nio.file.Path;
import queue.core.QueueDirectory;

/**
 * What every command of one run shares: the process environment, the global options and the data
 * directory, opened on first use so that --help and usage errors never touch the disk.
 */
public final class CliContext {
  private final CliEnvironment environment;
  private final GlobalOptions global = new GlobalOptions();
  private QueueDirectory queue;

  public CliContext(CliEnvironment environment) {
    this.environment = environment;
  }

  public CliEnvironment environment() {
    return environment;
  }

  public GlobalOptions global() {
    return global;
  }

  /** The data directory as chosen by --dir, $QUEUE_DIR or the default; not yet opened. */
  public Path dataDirectory() {
    return QueueDirectory.resolve(global.dir(), environment.variables());
  }

  /** The data directory, opened (and created, mode 0700) on the first call. */
  public QueueDirectory queue() {
    if (queue == null) {
      queue = QueueDirectory.open(dataDirectory(), global.lockTimeout(), environment.clock());
    }
    return queue;
  }
}
