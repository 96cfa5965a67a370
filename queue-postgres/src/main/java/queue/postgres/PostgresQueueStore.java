package queue.postgres;

import queue.core.api.Agents;
import queue.core.api.Changes;
import queue.core.api.Diagnostics;
import queue.core.api.Leases;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Reports;
import queue.core.api.Sends;
import queue.core.api.Transfer;
import queue.core.api.Upkeep;

/**
 * The PostgreSQL store: the queue API in SQL, one transaction per operation, for senders and
 * processors on several hosts. Every time it writes comes from the injected clock, so the hosts
 * that share a database need synchronized clocks (NTP), as leases and retries are compared across
 * them.
 *
 * <p>Not promised: a consistent view across two operations, as in every store.
 */
final class PostgresQueueStore implements QueueStore {
  private final Database database;
  private final PostgresAgents agents;
  private final PostgresSends sends;
  private final PostgresLeases leases;
  private final PostgresUpkeep upkeep;
  private final PostgresReports reports;
  private final PostgresTransfer transfer;
  private final PostgresLiveness liveness;
  private final PostgresChanges changes;
  private final PostgresDiagnostics diagnostics;

  /** Opens the store: connects, and creates or upgrades the schema. */
  static PostgresQueueStore open(PostgresUrl url, OpenOptions options) {
    Database database = new Database(new Connector(url, options.connectTimeout()));
    try {
      Schema.migrate(database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return new PostgresQueueStore(database, options);
  }

  private PostgresQueueStore(Database database, OpenOptions options) {
    this.database = database;
    this.agents = new PostgresAgents(database);
    this.sends = new PostgresSends(database, options.clock());
    this.leases = new PostgresLeases(database, options.clock());
    this.upkeep = new PostgresUpkeep(database, options.clock());
    this.reports = new PostgresReports(database, options.clock());
    this.transfer = new PostgresTransfer(database, options.clock(), location());
    this.liveness = new PostgresLiveness(database);
    this.changes = new PostgresChanges(database.connector());
    this.diagnostics = new PostgresDiagnostics(database, liveness);
  }

  @Override
  public String location() {
    return database.connector().url().location();
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
    return liveness;
  }

  @Override
  public Changes changes() {
    return changes;
  }

  @Override
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  @Override
  public void close() {
    changes.closeAll();
    liveness.closeAll();
    database.close();
  }
}
