package queue.processor.web;

import java.nio.file.Path;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.MutableClock;

class MemoryStoreEndpointsTest extends StatusEndpointsContract {

  @Override
  QueueStore open(Path directory, MutableClock clock) {
    return MemoryStore.open(OpenOptions.defaults(clock));
  }
}
