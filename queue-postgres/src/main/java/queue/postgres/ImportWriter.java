package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
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
    messages(state.messages());
    entries(state.entries());
    counters(state.delivered(), state.lastDeliveredAt());
    // New ids sort after every imported one, and new sequence numbers after every imported entry.
    try (PreparedStatement ps =
        connection.prepareStatement("UPDATE queue_meta SET last_key = greatest(last_key, ?, ?)")) {
      ps.setLong(1, state.lastKey());
      ps.setLong(2, state.nextSeq() - 1);
      ps.executeUpdate();
    }
  }

  private void messages(List<Message> messages) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO queue_messages"
                + " (id, sender, body, created_at, idempotency_key, recipients, ttl_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Message m : messages) {
        ps.setString(1, m.id());
        ps.setString(2, m.sender());
        ps.setString(3, m.body());
        Rows.setInstant(ps, 4, m.createdAt());
        ps.setString(5, m.idempotencyKey());
        ps.setArray(6, Rows.textArray(connection, m.recipients()));
        ps.setObject(7, m.ttl() == null ? null : m.ttl().toMillis(), Types.BIGINT);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void entries(List<Entry> entries) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO queue_entries (id, message_id, recipient, seq, created_at, state,"
                + " attempts, next_attempt_at, last_error, delivered_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Entry e : entries) {
        ps.setString(1, e.id());
        ps.setString(2, e.messageId());
        ps.setString(3, e.recipient());
        ps.setLong(4, e.seq());
        Rows.setInstant(ps, 5, e.createdAt());
        ps.setString(6, e.state().name());
        ps.setInt(7, e.attempts());
        Rows.setInstant(ps, 8, e.nextAttemptAt());
        ps.setString(9, e.lastError());
        Rows.setInstant(ps, 10, e.deliveredAt());
        Rows.setInstant(ps, 11, e.expiresAt());
        ps.addBatch();
      }
      ps.executeBatch();
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
