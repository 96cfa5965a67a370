package queue.postgres;

import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;

/**
 * The PostgreSQL store: the queue API in SQL, one transaction per operation, for senders and
 * processors on several hosts. Every time it writes comes from the injected clock, so the hosts
 * that share a database need synchronized clocks (NTP), as leases and retries are compared across
 * them.
 *
 * <p>Not promised: a consistent view across two operations, as in every store.
 */
final class PostgresQueueStore {
  private PostgresQueueStore() {}

  /** Opens the store: connects, and creates or upgrades the schema. */
  static QueueStore open(PostgresUrl url, OpenOptions options) {
    Database database = new Database(new Connector(url, options.connectTimeout()));
    try {
      Schema.migrate(database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    String location = url.location();
    PostgresLiveness liveness = new PostgresLiveness(database);
    PostgresChanges changes = new PostgresChanges(database.connector());
    return QueueStore.of(location)
        .agents(new PostgresAgents(database, options.clock()))
        .sends(new PostgresSends(database, options.clock()))
        .leases(new PostgresLeases(database, options.clock()))
        .upkeep(new PostgresUpkeep(database, options.clock()))
        .reports(new PostgresReports(database, options.clock()))
        .conversations(new PostgresConversations(database, options.clock()))
        .transfer(new PostgresTransfer(database, options.clock(), location))
        .liveness(liveness)
        .changes(changes)
        .diagnostics(new PostgresDiagnostics(database, liveness))
        .onClose(
            () -> {
              changes.closeAll();
              liveness.closeAll();
              database.close();
            })
        .build();
  }
}
