package queue.core.api;

/** One claimed entry, named by its id and the fencing token of the claim that holds it. */
public record LeaseRef(String entryId, long token) {}
