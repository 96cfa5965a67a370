package queue.bench.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import queue.core.api.OpenOptions;
import queue.core.files.DefaultFileOps;
import queue.core.store.FileStore;

/**
 * A file store as its parts, so a benchmark can set up state through the snapshot seam and measure
 * the queue API on the same store (and so the same parsed-file cache), as a long-running writer is.
 */
final class BenchStores {
  private BenchStores() {}

  static FileStore parts(Path directory) {
    return FileStore.parts(directory, options(), new DefaultFileOps());
  }

  static OpenOptions options() {
    return OpenOptions.defaults(Clock.systemUTC())
        .withTimeouts(Duration.ofSeconds(60), OpenOptions.DEFAULT_CONNECT_TIMEOUT);
  }
}
