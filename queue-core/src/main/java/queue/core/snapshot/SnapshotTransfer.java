package queue.core.snapshot;

import java.time.Clock;
import queue.core.api.ExportDocument;
import queue.core.api.Transfer;
import queue.core.error.Refusals;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.rules.Imports;
import queue.core.snapshot.SnapshotStore.Result;

/** {@link Transfer} of a whole snapshot. */
final class SnapshotTransfer implements Transfer {
  private final SnapshotStore store;
  private final Clock clock;
  private final String location;

  SnapshotTransfer(SnapshotStore store, Clock clock, String location) {
    this.store = store;
    this.clock = clock;
    this.location = location;
  }

  @Override
  public ExportDocument exportAll() {
    Snapshot snapshot = store.read();
    QueueState queue = snapshot.queue();
    return new ExportDocument(
        ExportDocument.VERSION,
        location,
        clock.instant(),
        queue.lastKey(),
        snapshot.agents(),
        queue.messages(),
        queue.entries(),
        queue.delivered(),
        queue.lastDeliveredAt());
  }

  @Override
  public void importAll(ExportDocument document) {
    QueueState imported = Imports.stateOf(document, clock.instant());
    refuseIfNotEmpty(store.read());
    store.update(
        current -> {
          refuseIfNotEmpty(current);
          // An emptied store may have given out later ids than the export's: keep the greater.
          return new Result<>(
              new Snapshot(document.agents(), withLastKeyAtLeast(imported, current.queue())), null);
        });
  }

  private void refuseIfNotEmpty(Snapshot current) {
    if (!current.agents().isEmpty() || !current.queue().entries().isEmpty()) {
      throw Refusals.notEmpty(location, current.agents().size(), current.queue().entries().size());
    }
  }

  private static QueueState withLastKeyAtLeast(QueueState imported, QueueState current) {
    if (imported.lastKey() >= current.lastKey()) {
      return imported;
    }
    return new QueueState(
        imported.nextSeq(),
        current.lastKey(),
        imported.delivered(),
        imported.lastDeliveredAt(),
        imported.messages(),
        imported.entries());
  }
}
