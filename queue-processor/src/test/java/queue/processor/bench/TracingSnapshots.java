package queue.processor.bench;

import java.util.function.Supplier;
import queue.core.model.Snapshot;
import queue.core.snapshot.SnapshotStore;

/**
 * A snapshot store whose transactions are timed: the span of a transaction starts after the lock,
 * the read and the parse, and ends before the encode of the save.
 */
final class TracingSnapshots implements SnapshotStore {
  private final SnapshotStore real;
  private final Trace trace;

  TracingSnapshots(SnapshotStore real, Trace trace) {
    this.real = real;
    this.trace = trace;
  }

  @Override
  public Snapshot read() {
    long start = System.nanoTime();
    Snapshot snapshot = real.read();
    trace.add(start, "read", "");
    return snapshot;
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    return real.update(
        current -> {
          long start = System.nanoTime();
          Result<R> result = transaction.apply(current);
          trace.add(start, "txn", "");
          return result;
        });
  }

  @Override
  public <R> R exclusive(Supplier<R> work) {
    return real.exclusive(work);
  }
}
