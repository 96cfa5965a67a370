package queue.core.snapshot;

import queue.core.api.Changes;
import queue.core.api.Diagnostics;
import queue.core.api.Liveness;

/**
 * What a store of whole-state transactions keeps besides its operations: where its snapshot is
 * (read and updated as one value), where retention moves delivered entries, and the ports beside
 * the queue. The file store and the in-memory store are one each; {@link SnapshotQueueStore#of}
 * makes the queue API of one.
 */
public interface SnapshotBackend extends AutoCloseable {

  /** Where the state lives, for messages. */
  String location();

  SnapshotStore snapshots();

  History history();

  Liveness liveness();

  Changes changes();

  Diagnostics diagnostics();

  /** Releases what the store holds. */
  @Override
  void close();
}
