package queue.processor.bench;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import queue.core.api.Changes;
import queue.core.api.Diagnostics;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.FileOps;
import queue.core.snapshot.History;
import queue.core.snapshot.SnapshotBackend;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.snapshot.SnapshotStore;
import queue.core.store.FileStore;

/**
 * Benchmarks only: the file store exactly as {@link FileStore#open} makes it, with its snapshot
 * store wrapped by {@code decorate}, so a timeline can tell the parse and the encode of a save from
 * its transaction.
 */
final class TracedFileStore implements SnapshotBackend {
  private final FileStore parts;
  private final SnapshotStore snapshots;

  private TracedFileStore(FileStore parts, SnapshotStore snapshots) {
    this.parts = parts;
    this.snapshots = snapshots;
  }

  static QueueStore open(
      Path directory, OpenOptions options, FileOps ops, UnaryOperator<SnapshotStore> decorate) {
    FileStore parts = FileStore.parts(directory, options, ops);
    return SnapshotQueueStore.of(
        new TracedFileStore(parts, decorate.apply(parts.snapshots())), options.clock());
  }

  @Override
  public String location() {
    return parts.location();
  }

  @Override
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public History history() {
    return parts.history();
  }

  @Override
  public Liveness liveness() {
    return parts.liveness();
  }

  @Override
  public Changes changes() {
    return parts.changes();
  }

  @Override
  public Diagnostics diagnostics() {
    return parts.diagnostics();
  }

  @Override
  public void close() {
    parts.close();
  }
}
