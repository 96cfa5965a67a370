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
 * The file store: {@code queue.json}, its journal and {@code agents.json} in a data directory, each
 * change one record appended to the journal and {@code queue.json} rewritten now and then by the
 * locked atomic save ({@link FileSnapshotStore}, {@link StateFiles}), delivered entries retired to
 * {@code history/}, running processors marked by OS locks in {@code processors/}, changes signalled
 * by a directory watch. Found by {@link FileStoreProvider} for a location that is a directory.
 */
public final class FileStore implements SnapshotBackend {
  private final Path root;
  private final FileSnapshotStore snapshots;
  private final HistoryLog history;
  private final FileLiveness liveness;
  private final DirectoryWatch changes;
  private final FileDiagnostics diagnostics;

  private FileStore(Path directory, OpenOptions options, FileOps ops, CheckpointPolicy policy) {
    StateFiles files = new StateFiles(directory, ops, options.lockTimeout(), options.create());
    this.root = files.directory();
    this.snapshots = new FileSnapshotStore(files, new StateCodec(), policy);
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
    return open(directory, options, ops, CheckpointPolicy.DEFAULT);
  }

  /**
   * Opens the store in {@code directory}, folding its journal into queue.json by {@code policy}.
   */
  public static QueueStore open(
      Path directory, OpenOptions options, FileOps ops, CheckpointPolicy policy) {
    return SnapshotQueueStore.of(new FileStore(directory, options, ops, policy), options.clock());
  }

  /**
   * The store in {@code directory} as its parts, for a program that wraps one of them (a
   * benchmark's timeline of the snapshot store) before {@link SnapshotQueueStore#of} makes the
   * queue API of them.
   */
  public static FileStore parts(Path directory, OpenOptions options, FileOps ops) {
    return new FileStore(directory, options, ops, CheckpointPolicy.DEFAULT);
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
