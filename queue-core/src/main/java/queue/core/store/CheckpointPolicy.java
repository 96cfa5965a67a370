package queue.core.store;

/**
 * When the journal is folded into {@code queue.json} (a checkpoint): once it holds {@code
 * maxRecords} records, or once it is larger than both {@code minBytes} and {@code queue.json}
 * itself. So a reader never reads much more than the state, and rewriting {@code queue.json} costs
 * about what the appends since the last checkpoint cost. A change that names more than {@code
 * wholeChange} messages and entries, and more than half of those in the state, is saved as a
 * checkpoint at once instead of as a record (an import, a purge of most of the queue).
 */
public record CheckpointPolicy(long minBytes, long maxRecords, int wholeChange) {

  public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(1 << 20, 10_000, 1_000);

  boolean isDue(long journalBytes, long records, long queueBytes) {
    return records >= maxRecords || (journalBytes >= minBytes && journalBytes >= queueBytes);
  }

  boolean savesWhole(int changeSize, int stateSize) {
    return changeSize > wholeChange && changeSize * 2L > stateSize;
  }
}
