package queue.core.snapshot;

import java.time.Clock;
import queue.core.api.QueueStore;

/**
 * The queue API over a {@link SnapshotBackend}: how the file store and the in-memory store
 * implement it. Each operation is one whole-state transaction of its {@link SnapshotStore}.
 */
public final class SnapshotQueueStore {
  private SnapshotQueueStore() {}

  public static QueueStore of(SnapshotBackend backend, Clock clock) {
    SnapshotStore store = backend.snapshots();
    MessageFinder finder = new MessageFinder(backend.history());
    return QueueStore.of(backend.location())
        .agents(new SnapshotAgents(store, clock))
        .sends(new SnapshotSends(store, clock, finder))
        .leases(new SnapshotLeases(store, clock))
        .upkeep(new SnapshotUpkeep(store, clock, backend.history()))
        .reports(new SnapshotReports(store, clock, backend.history()))
        .conversations(new SnapshotConversations(store, clock, backend.history(), finder))
        .transfer(new SnapshotTransfer(store, clock, backend.location()))
        .liveness(backend.liveness())
        .changes(backend.changes())
        .diagnostics(backend.diagnostics())
        .onClose(backend::close)
        .build();
  }
}
