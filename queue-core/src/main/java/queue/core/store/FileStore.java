package queue.core.store;

import java.nio.file.Path;
import queue.core.api.Changes;
import queue.core.api.Diagnostics;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.core.files.FileOps;
import queue.core.snapshot.History;
import queue.core.snapshot.SnapshotBackend;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.snapshot.SnapshotStore;

/**
 * The file store: {@code queue.json} and {@code agents.json} in a data directory, each change one
 * locked atomic save ({@link StateFiles}), delivered entries retired to {@code history/}, running
 * processors marked by OS locks in {@code processors/}, changes signalled by a directory watch.
 * Found by {@link FileStoreProvider} for a location that is a directory.
 */
public final class FileStore implements SnapshotBackend {
  private final Path root;
  private final FileSnapshotStore snapshots;
  private final HistoryLog history;
  private final FileLiveness liveness;
  private final DirectoryWatch changes;
  private final FileDiagnostics diagnostics;

  private FileStore(Path directory, OpenOptions options, FileOps ops) {
    StateFiles files = new StateFiles(directory, ops, options.lockTimeout(), options.create());
    this.root = files.directory();
    this.snapshots = new FileSnapshotStore(files, new StateCodec());
    this.history = new HistoryLog(root, ops);
    this.liveness = new FileLiveness(root);
    this.changes = new DirectoryWatch(root);
    this.diagnostics = new FileDiagnostics(files, liveness);
  }

  /** Opens the store in {@code directory} on the real file system. */
  public static QueueStore open(Path directory, OpenOptions options) {
    return open(directory, options, new DefaultFileOps());
  }

  /** Opens the store in {@code directory}, reaching the disk through {@code ops}. */
  public static QueueStore open(Path directory, OpenOptions options, FileOps ops) {
    return SnapshotQueueStore.of(parts(directory, options, ops), options.clock());
  }

  /**
   * The store in {@code directory} as its parts, for a program that wraps one of them (a
   * benchmark's timeline of the snapshot store) before {@link SnapshotQueueStore#of} makes the
   * queue API of them.
   */
  public static FileStore parts(Path directory, OpenOptions options, FileOps ops) {
    return new FileStore(directory, options, ops);
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public History history() {
    return history;
  }

  @Override
  public Liveness liveness() {
    return liveness;
  }

  @Override
  public Changes changes() {
    return changes;
  }

  @Override
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** Nothing to release: locks are held per save, and each subscription is closed on its own. */
  @Override
  public void close() {
    // See above.
  }
}
