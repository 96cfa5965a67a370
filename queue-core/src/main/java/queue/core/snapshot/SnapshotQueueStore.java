package queue.core.snapshot;

import java.time.Clock;
import queue.core.api.Agents;
import queue.core.api.Changes;
import queue.core.api.Diagnostics;
import queue.core.api.Leases;
import queue.core.api.Liveness;
import queue.core.api.QueueStore;
import queue.core.api.Reports;
import queue.core.api.Sends;
import queue.core.api.Transfer;
import queue.core.api.Upkeep;

/**
 * The queue API over a {@link SnapshotStore}: how the file store and the in-memory store implement
 * it. Each operation is one whole-state transaction.
 */
public final class SnapshotQueueStore implements QueueStore {

  /**
   * What a snapshot store is made of besides its state.
   *
   * @param onClose releases what the store holds
   */
  public record Parts(
      String location,
      SnapshotStore store,
      Clock clock,
      History history,
      Liveness liveness,
      Changes changes,
      Diagnostics diagnostics,
      Runnable onClose) {}

  private final Parts parts;
  private final Agents agents;
  private final Sends sends;
  private final Leases leases;
  private final Upkeep upkeep;
  private final Reports reports;
  private final Transfer transfer;

  public SnapshotQueueStore(Parts parts) {
    this.parts = parts;
    SnapshotStore store = parts.store();
    this.agents = new SnapshotAgents(store);
    this.sends = new SnapshotSends(store, parts.clock());
    this.leases = new SnapshotLeases(store, parts.clock());
    this.upkeep = new SnapshotUpkeep(store, parts.clock(), parts.history());
    this.reports = new SnapshotReports(store, parts.clock(), parts.history());
    this.transfer = new SnapshotTransfer(store, parts.clock(), parts.location());
  }

  @Override
  public String location() {
    return parts.location();
  }

  @Override
  public Agents agents() {
    return agents;
  }

  @Override
  public Sends sends() {
    return sends;
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public Upkeep upkeep() {
    return upkeep;
  }

  @Override
  public Reports reports() {
    return reports;
  }

  @Override
  public Transfer transfer() {
    return transfer;
  }

  @Override
  public Liveness liveness() {
    return parts.liveness();
  }

  @Override
  public Changes changes() {
    return parts.changes();
  }

  @Override
  public Diagnostics diagnostics() {
    return parts.diagnostics();
  }

  @Override
  public void close() {
    parts.onClose().run();
  }
}
