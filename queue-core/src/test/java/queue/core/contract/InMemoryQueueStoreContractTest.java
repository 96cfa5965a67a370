package queue.core.contract;

import java.nio.file.Path;
import queue.core.store.InMemoryQueueStore;
import queue.core.store.QueueStore;

class InMemoryQueueStoreContractTest extends QueueStoreContract {
  @Override
  QueueStore newStore(Path dataDirectory) {
    return new InMemoryQueueStore();
  }
}
