package queue.core.store;

import queue.core.model.Snapshot;

/** A store held in memory, with the same contract as the file store: for tests and embedding. */
public final class InMemoryQueueStore implements QueueStore {
  private Snapshot state = Snapshot.EMPTY;

  @Override
  public synchronized Snapshot read() {
    return state;
  }

  @Override
  public synchronized <R> R update(Transaction<R> transaction) {
    Result<R> result = transaction.apply(state);
    state = result.next();
    return result.value();
  }
}
