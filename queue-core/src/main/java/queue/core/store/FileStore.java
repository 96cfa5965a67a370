package queue.core.store;

import java.nio.file.Path;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.model.Agent;
import queue.core.snapshot.SnapshotQueueStore;

/**
 * The file store: {@code queue.json}, its journal and {@code agents.json} in a data directory, each
 * change one record appended to the journal and {@code queue.json} rewritten now and then by the
 * locked atomic save ({@link FileSnapshotStore}, {@link StateFiles}), delivered entries retired to
 * {@code history/}, running processors marked by OS locks in {@code processors/}, changes signalled
 * by a directory watch.
 */
public final class FileStore {
  private FileStore() {}

  /** Opens the store in {@code directory} on the real file system. */
  public static QueueStore open(Path directory, OpenOptions options) {
    return open(directory, options, new DefaultFileOps());
  }

  /** Opens the store in {@code directory}, reaching the disk through {@code ops}. */
  public static QueueStore open(Path directory, OpenOptions options, FileOps ops) {
    return open(directory, options, ops, CheckpointPolicy.DEFAULT);
  }

  /**
   * Opens the store in {@code directory}, folding its journal into queue.json by {@code policy}.
   */
  public static QueueStore open(
      Path directory, OpenOptions options, FileOps ops, CheckpointPolicy policy) {
    StateFiles files = new StateFiles(directory, ops, options.lockTimeout(), options.create());
    Path root = files.directory();
    FileLiveness liveness = new FileLiveness(root);
    return new SnapshotQueueStore(
        new SnapshotQueueStore.Parts(
            root.toString(),
            new FileSnapshotStore(files, new StateCodec(), policy),
            options.clock(),
            options.maxBodyBytes(),
            new HistoryLog(root, ops),
            liveness,
            new DirectoryWatch(root),
            new FileDiagnostics(files, liveness),
            agent -> inboxOf(root, agent),
            agent -> withAbsoluteInbox(root, agent),
            () -> {}));
  }

  /** The inbox of an agent: its own directory, or {@code inbox/NAME} in the data directory. */
  static Path inboxOf(Path root, Agent agent) {
    return agent.inbox() != null
        ? Path.of(agent.inbox())
        : root.resolve("inbox").resolve(agent.name());
  }

  private static Agent withAbsoluteInbox(Path root, Agent agent) {
    if (agent.inbox() != null || agent.transport() != queue.core.model.Transport.INBOX) {
      return agent;
    }
    return new Agent(
        agent.name(),
        agent.transport(),
        inboxOf(root, agent).toString(),
        agent.url(),
        agent.exec(),
        agent.registeredAt(),
        agent.host(),
        agent.paused(),
        agent.settings());
  }
}
