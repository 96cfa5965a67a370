package queue.core.snapshot;

import java.time.Clock;
import java.util.function.UnaryOperator;
import queue.core.api.ExportDocument;
import queue.core.api.ExportDocuments;
import queue.core.api.Transfer;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.model.StateRules;
import queue.core.snapshot.SnapshotStore.Result;

/** {@link Transfer} of a whole snapshot. */
final class SnapshotTransfer implements Transfer {
  private final SnapshotStore store;
  private final Clock clock;
  private final String location;
  private final UnaryOperator<Agent> exported;

  /**
   * @param exported how an agent leaves this store: a file store writes its default inbox as the
   *     absolute path it is, so the agent keeps it in a store elsewhere
   */
  SnapshotTransfer(
      SnapshotStore store, Clock clock, String location, UnaryOperator<Agent> exported) {
    this.store = store;
    this.clock = clock;
    this.location = location;
    this.exported = exported;
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
        snapshot.agents().stream().map(exported).toList(),
        queue.messages(),
        queue.entries(),
        queue.delivered(),
        queue.lastDeliveredAt());
  }

  @Override
  public void importAll(ExportDocument document) {
    QueueState imported = ExportDocuments.importedState(document, clock.instant());
    String problem = StateRules.problemIn(document.agents());
    problem = problem != null ? problem : StateRules.problemIn(imported);
    if (problem != null) {
      throw new InvalidInputException("cannot import: " + problem + "; nothing was imported");
    }
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
      throw new InvalidInputException(
          "cannot import into "
              + location
              + ": it is not empty ("
              + current.agents().size()
              + " agents, "
              + current.queue().entries().size()
              + " entries); import into a new store");
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
