package queue.core.contract;

import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.MutableClock;

/** The contract on the in-memory store. */
class MemoryStoreContractTest extends QueueStoreContract {

  @Override
  protected QueueStore newStore(MutableClock clock) {
    return MemoryStore.open(OpenOptions.defaults(clock));
  }
}
