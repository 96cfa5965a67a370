package queue.core.api;

/** A store's whole state as one document, to move a queue from one store to another. */
public interface Transfer {

  /** Agents, messages, entries, counters and idempotency keys, as of one moment. */
  ExportDocument exportAll();

  /**
   * Loads a document into this store, which must be empty (no agent, no entry; else exit 2), in one
   * transaction. Entries held by a claim come in PENDING, due at once: their processors belong to
   * the old store.
   */
  void importAll(ExportDocument document);
}
