package queue.core.model;

/** Where an entry is in its life: PENDING → PROCESSING → DELIVERED, or FAILED for good. */
public enum EntryState {
  PENDING,
  PROCESSING,
  DELIVERED,
  FAILED;

  /** True for states an entry never leaves on its own (only `retry` or `purge` touch them). */
  public boolean isTerminal() {
    return this == DELIVERED || this == FAILED;
  }
}
