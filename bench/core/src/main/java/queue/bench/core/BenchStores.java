package queue.bench.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import queue.core.api.Diagnosis;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.store.FileLiveness;
import queue.core.store.FileSnapshotStore;
import queue.core.store.HistoryLog;
import queue.core.store.StateCodec;
import queue.core.store.StateFiles;

/**
 * A file store built from its parts, so a benchmark can set up state through the snapshot seam and
 * measure the queue API on the same store (and so the same parsed-file cache), as a long-running
 * writer is.
 */
final class BenchStores {
  private BenchStores() {}

  static FileSnapshotStore snapshots(Path directory) {
    return new FileSnapshotStore(
        new StateFiles(directory, new DefaultFileOps(), Duration.ofSeconds(60)), new StateCodec());
  }

  static QueueStore api(FileSnapshotStore snapshots, Path directory) {
    return new SnapshotQueueStore(
        new SnapshotQueueStore.Parts(
            directory.toString(),
            snapshots,
            Clock.systemUTC(),
            new HistoryLog(directory, new DefaultFileOps()),
            new FileLiveness(directory),
            listener -> () -> {},
            () -> new Diagnosis(List.of(), List.of()),
            () -> {}));
  }

  static OpenOptions options() {
    return OpenOptions.defaults(Clock.systemUTC())
        .withTimeouts(Duration.ofSeconds(60), OpenOptions.DEFAULT_CONNECT_TIMEOUT);
  }
}
