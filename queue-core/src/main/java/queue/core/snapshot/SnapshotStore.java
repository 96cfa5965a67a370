package queue.core.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
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
 *
 * <p>A send is an {@link #add addition}: it decides on the {@link Head} of the state only, and adds
 * one message and its entries. A store may run it without reading the whole state (the file store
 * does, in a process that has not read it yet); the same code decides it either way.
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

  /** The head of the current state, read without any lock, as {@link #read()} is. */
  default Head head() {
    return Head.of(read());
  }

  /**
   * The head of the state as this store last read or wrote it, read from nothing (empty when it
   * holds none). It may be behind the store: good for a check that is made again on {@link #head()}
   * when it fails, never for a decision.
   */
  default Optional<Head> lastHead() {
    return Optional.empty();
  }

  /**
   * Runs {@code addition} under the write lock on the head of the current state and saves what it
   * adds as one unit, as {@link #update} does.
   */
  default <R> R add(Addition<R> addition) {
    return update(
        current -> {
          Added<R> added = addition.apply(Head.of(current));
          return added.message() == null
              ? Result.unchanged(current, added.value())
              : new Result<>(current.withQueue(added.appliedTo(current.queue())), added.value());
        });
  }

  /**
   * Makes the snapshot alone hold the whole state, for a store that keeps the latest changes in a
   * log beside it (the file store's journal); a store without one has nothing to do.
   */
  default void checkpoint() {}

  /** A change to the state, applied in memory and then saved as one unit. */
  @FunctionalInterface
  interface Transaction<R> {
    Result<R> apply(Snapshot current);
  }

  /** A send: what it adds to a state, decided on that state's head. */
  @FunctionalInterface
  interface Addition<R> {
    Added<R> apply(Head head);
  }

  /**
   * What an addition adds: one message and its entries, the id clock moved to {@code lastKey};
   * nothing when {@code message} is null. The entries take the sequence numbers from the head's
   * {@code nextSeq} on.
   */
  record Added<R>(Message message, List<Entry> entries, long lastKey, R value) {

    public Added {
      entries = List.copyOf(entries);
    }

    /** Adds nothing and answers {@code value}. */
    public static <R> Added<R> nothing(R value) {
      return new Added<>(null, List.of(), 0, value);
    }

    public QueueState appliedTo(QueueState state) {
      return state.withMessage(message, entries, lastKey);
    }
  }

  /** The state after a transaction, and what it answers its caller. */
  record Result<R>(Snapshot next, R value) {

    /** Answers {@code value} and writes nothing. */
    public static <R> Result<R> unchanged(Snapshot current, R value) {
      return new Result<>(current, value);
    }
  }
}
