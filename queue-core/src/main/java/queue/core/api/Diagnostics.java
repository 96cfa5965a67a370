package queue.core.api;

/** The store's own health checks, for {@code queue doctor}. */
public interface Diagnostics {

  /**
   * Checks the store and repairs what is safe to repair (leftover temp files of crashed writers).
   * Never throws for a damaged state: it is reported as a finding with the way back.
   */
  Diagnosis diagnose();
}
