package queue.core.contract;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.store.FileStore;
import queue.core.testing.MutableClock;

/** The contract on the file store: each store a data directory of its own. */
class FileStoreContractTest extends QueueStoreContract {
  @TempDir Path root;
  private final AtomicInteger stores = new AtomicInteger();

  @Override
  protected QueueStore newStore(MutableClock clock) {
    Path directory = root.resolve("store-" + stores.incrementAndGet());
    return FileStore.open(directory, OpenOptions.defaults(clock));
  }
}
