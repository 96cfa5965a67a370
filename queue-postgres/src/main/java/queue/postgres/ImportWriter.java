package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import queue.core.model.Agent;
import queue.core.model.QueueState;

/** Writes a checked, imported state into empty tables, inside the import's transaction. */
final class ImportWriter {
  private final Connection connection;

  ImportWriter(Connection connection) {
    this.connection = connection;
  }

  void write(List<Agent> agents, QueueState state) throws SQLException {
    for (Agent agent : agents) {
      PostgresAgents.insert(connection, agent);
    }
    PostgresRecipients.ensure(connection, PostgresTransfer.recipientsOf(agents, state));
    MessageRows.insertMessages(connection, state.messages());
    MessageRows.insertEntries(connection, state.entries());
    counters(state.delivered(), state.lastDeliveredAt());
    // New ids sort after every imported one, and new sequence numbers after every imported entry.
    try (PreparedStatement ps =
        connection.prepareStatement("UPDATE queue_meta SET last_key = greatest(last_key, ?, ?)")) {
      ps.setLong(1, state.lastKey());
      ps.setLong(2, state.nextSeq() - 1);
      ps.executeUpdate();
    }
  }

  // The document's counters take the place of any left by agents removed before the import.
  private void counters(Map<String, Long> delivered, Map<String, java.time.Instant> lastAt)
      throws SQLException {
    try (PreparedStatement clear = connection.prepareStatement("DELETE FROM queue_counters")) {
      clear.executeUpdate();
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO queue_counters (agent, delivered, last_delivered_at) VALUES (?, ?, ?)")) {
      java.util.Set<String> names = new java.util.TreeSet<>(delivered.keySet());
      names.addAll(lastAt.keySet());
      for (String name : names) {
        ps.setString(1, name);
        ps.setLong(2, delivered.getOrDefault(name, 0L));
        Rows.setInstant(ps, 3, lastAt.get(name));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
