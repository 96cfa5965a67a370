package queue.core.snapshot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import queue.core.model.Snapshot;

/** A snapshot held in memory, with the same contract as the file store's. */
final class InMemorySnapshotStore implements SnapshotStore {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private Snapshot state = Snapshot.EMPTY;

  @Override
  public synchronized Snapshot read() {
    return state;
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    R value;
    boolean changed;
    synchronized (this) {
      Result<R> result = transaction.apply(state);
      changed = result.next() != state;
      state = result.next();
      value = result.value();
    }
    if (changed) {
      listeners.forEach(Runnable::run);
    }
    return value;
  }

  @Override
  public synchronized <R> R exclusive(Supplier<R> work) {
    return work.get();
  }

  void onChange(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }
}
