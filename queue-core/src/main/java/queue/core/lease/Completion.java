package queue.core.lease;

/** The outcome of delivering one claimed entry, reported by the lease owner that claimed it. */
public record Completion(String entryId, String leaseOwner, Outcome outcome) {}
