package queue.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import queue.core.admin.HistoryLog;
import queue.core.admin.Maintenance;
import queue.core.agents.AgentRegistry;
import queue.core.lease.Claimer;
import queue.core.lease.Completer;
import queue.core.send.Sender;
import queue.core.status.Processors;
import queue.core.status.Queries;
import queue.core.store.FileQueueStore;

/** One data directory and the queue API on it: what the processor and the command line use. */
public final class QueueDirectory {
  public static final String ENV_VAR = "QUEUE_DIR";
  public static final String DEFAULT_DIR = "message_queue";
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

  private final FileQueueStore store;
  private final Clock clock;
  private final Processors processors;

  public QueueDirectory(FileQueueStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.processors = new Processors(store.files().directory());
  }

  /** Opens (creating it, mode 0700, if needed) the data directory. */
  public static QueueDirectory open(Path directory, Duration lockTimeout, Clock clock) {
    return new QueueDirectory(FileQueueStore.open(directory, lockTimeout), clock);
  }

  /** {@code --dir} if given, else {@code $QUEUE_DIR}, else {@code ./message_queue}. */
  public static Path resolve(String dirOption, Map<String, String> environment) {
    if (dirOption != null && !dirOption.isBlank()) {
      return Path.of(dirOption);
    }
    String fromEnvironment = environment.get(ENV_VAR);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Path.of(fromEnvironment);
    }
    return Path.of(DEFAULT_DIR);
  }

  public Path path() {
    return store.files().directory();
  }

  public Clock clock() {
    return clock;
  }

  public FileQueueStore store() {
    return store;
  }

  public AgentRegistry agents() {
    return new AgentRegistry(store, clock);
  }

  public Sender sender(int maxBodyBytes) {
    return new Sender(store, clock, maxBodyBytes);
  }

  public Claimer claimer() {
    return new Claimer(store, clock);
  }

  public Completer completer() {
    return new Completer(store, clock);
  }

  public Maintenance maintenance() {
    return new Maintenance(store, clock, new HistoryLog(path()));
  }

  public Processors processors() {
    return processors;
  }

  public Queries queries() {
    return new Queries(store, processors);
  }
}
