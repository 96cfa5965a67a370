package queue.core.api;

/** The outcome of delivering one claimed entry, for the claim that holds it. */
public record Completion(LeaseRef lease, Outcome outcome) {

  public String entryId() {
    return lease.entryId();
  }
}
