package queue.core.snapshot;

import java.util.function.Supplier;
import queue.core.model.Snapshot;

/**
 * The whole state as one value, changed by whole-state transactions: how the file store keeps
 * {@code queue.json} and {@code agents.json}, and the in-memory store its state.
 *
 * <p>{@link #read()} returns a consistent snapshot without taking any lock. {@link #update} runs a
 * transaction on the current state under the write lock and saves its result atomically: if the
 * transaction throws, nothing is written; if the save fails, the state is unchanged and the caller
 * gets the error. A transaction is a pure function of the state: it is never run twice, but it must
 * not have effects outside the state either; {@link #exclusive} is for work with effects.
 */
public interface SnapshotStore {

  Snapshot read();

  <R> R update(Transaction<R> transaction);

  /**
   * Runs {@code work} holding the write lock, so that a read, an effect outside the state (a
   * history append) and the update that follows it are one step to every other writer. Updates
   * inside it take the lock again (it is re-entrant).
   */
  <R> R exclusive(Supplier<R> work);

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
