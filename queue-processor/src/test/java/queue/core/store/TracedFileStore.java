package queue.core.store;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.FileOps;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.snapshot.SnapshotStore;

/**
 * Benchmarks only (queue.processor.bench): the file store exactly as {@link FileStore#open} makes
 * it, with its snapshot store wrapped by {@code decorate}, so a timeline can tell the parse and the
 * encode of a save from its transaction. It sits in the store's package to reach the package's
 * directory watch and diagnostics.
 */
public final class TracedFileStore {
  private TracedFileStore() {}

  public static QueueStore open(
      Path directory, OpenOptions options, FileOps ops, UnaryOperator<SnapshotStore> decorate) {
    StateFiles files = new StateFiles(directory, ops, options.lockTimeout(), options.create());
    Path root = files.directory();
    FileLiveness liveness = new FileLiveness(root);
    return new SnapshotQueueStore(
        new SnapshotQueueStore.Parts(
            root.toString(),
            decorate.apply(new FileSnapshotStore(files, new StateCodec())),
            options.clock(),
            new HistoryLog(root, ops),
            liveness,
            new DirectoryWatch(root),
            new FileDiagnostics(files, liveness),
            () -> {}));
  }
}
