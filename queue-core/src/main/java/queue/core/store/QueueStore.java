package queue.core.store;

import queue.core.model.Snapshot;

/**
 * The queue's state and the only way to change it.
 *
 * <p>{@link #read()} returns a consistent snapshot without taking any lock. {@link #update} runs a
 * transaction on the current state under the lock and saves its result atomically: if the
 * transaction throws, nothing is written; if the save fails, the state is unchanged and the caller
 * gets the error.
 */
public interface QueueStore {

  Snapshot read();

  <R> R update(Transaction<R> transaction);

  /** A change to the state, applied in memory and then saved as one unit. */
  @FunctionalInterface
  interface Transaction<R> {
    Result<R> apply(Snapshot current);
  }

  /** The state after a transaction, and what it answers its caller. */
  record Result<R>(Snapshot next, R value) {

    /** Answers {@code value} and writes nothing. */
    public static <R> Result<R> unchanged(Snapshot current, R value) {
      return new Result<>(current, value);
    }
  }
}
