package queue.core.contract;

import java.util.concurrent.atomic.AtomicInteger;
import queue.core.model.Snapshot;
import queue.core.store.QueueStore;

/** A store that counts the transactions passed to it, to prove an operation is one of them. */
final class CountingStore implements QueueStore {
  private final QueueStore delegate;
  private final AtomicInteger updates = new AtomicInteger();

  CountingStore(QueueStore delegate) {
    this.delegate = delegate;
  }

  int updates() {
    return updates.get();
  }

  @Override
  public Snapshot read() {
    return delegate.read();
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    updates.incrementAndGet();
    return delegate.update(transaction);
  }
}
