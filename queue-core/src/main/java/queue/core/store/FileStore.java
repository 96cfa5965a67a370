package queue.core.store;

import java.nio.file.Path;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.core.files.FileOps;
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
            new HistoryLog(root, ops),
            liveness,
            new DirectoryWatch(root),
            new FileDiagnostics(files, liveness),
            () -> {}));
  }
}
