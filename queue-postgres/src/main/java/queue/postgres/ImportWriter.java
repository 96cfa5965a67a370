package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import queue.core.model.Agent;
import queue.core.model.QueueState;

/** Writes a checked, imported state into empty tables, inside the import's transaction. */
final class ImportWriter {
  private final Connection connection;

  ImportWriter(Connection connection) {
    this.connection = connection;
  }

  // New ids sort after every imported one, and new sequence numbers after every imported entry.
  private static final Sql KEEP_KEYS_AHEAD =
      Sql.of(
          """
          UPDATE queue_meta
          SET last_key = greatest(last_key, :last_key, :last_seq)
          """);

  void write(List<Agent> agents, QueueState state) throws SQLException {
    for (Agent agent : agents) {
      PostgresAgents.insert(connection, agent);
    }
    PostgresRecipients.ensure(connection, PostgresTransfer.recipientsOf(agents, state));
    MessageRows.insertMessages(connection, state.messages());
    MessageRows.insertEntries(connection, state.entries());
    counters(state.delivered(), state.lastDeliveredAt());
    try (Sql.Statement statement = KEEP_KEYS_AHEAD.prepare(connection)) {
      statement.bigint("last_key", state.lastKey()).bigint("last_seq", state.nextSeq() - 1);
      statement.update();
    }
  }

  private static final Sql CLEAR_COUNTERS = Sql.of("DELETE FROM queue_counters");

  private static final Sql COUNTER =
      Sql.of(
          """
          INSERT INTO queue_counters (agent, delivered, last_delivered_at)
          VALUES (:agent, :delivered, :last_delivered_at)
          """);

  // The document's counters take the place of any left by agents removed before the import.
  private void counters(Map<String, Long> delivered, Map<String, Instant> lastAt)
      throws SQLException {
    try (Sql.Statement clear = CLEAR_COUNTERS.prepare(connection)) {
      clear.update();
    }
    try (Sql.Statement statement = COUNTER.prepare(connection)) {
      Set<String> names = new TreeSet<>(delivered.keySet());
      names.addAll(lastAt.keySet());
      for (String name : names) {
        statement
            .text("agent", name)
            .bigint("delivered", delivered.getOrDefault(name, 0L))
            .instant("last_delivered_at", lastAt.get(name))
            .addBatch();
      }
      statement.executeBatch();
    }
  }
}
