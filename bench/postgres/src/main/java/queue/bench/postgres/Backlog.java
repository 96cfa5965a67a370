package queue.bench.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Live PENDING entries put straight into a store's tables (each its own ~100 B message, spread over
 * the agents), so a benchmark runs at a given backlog without sending it first; and the removal of
 * what measured sends queued, so the backlog stays near that size.
 */
final class Backlog {
  private Backlog() {}

  static void fill(Connection connection, List<String> agents, int entries) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO queue_messages (id, sender, body, created_at, recipients)"
              + " SELECT 'f' || lpad(g::text, 9, '0'), 'backlog', repeat('x', 100), now(), '{}'"
              + " FROM generate_series(1, "
              + entries
              + ") g");
      statement.execute(
          "INSERT INTO queue_entries (id, message_id, recipient, seq, created_at, state,"
              + " next_attempt_at)"
              + " SELECT 'f' || lpad(g::text, 9, '0'), 'f' || lpad(g::text, 9, '0'),"
              + " ('{"
              + String.join(",", agents)
              + "}'::text[])[1 + g % "
              + agents.size()
              + "],"
              + " g, now(), 'PENDING', now() + interval '1 day'"
              + " FROM generate_series(1, "
              + entries
              + ") g");
      statement.execute("ANALYZE");
    }
  }

  static void remove(Connection connection, List<String> messageIds) throws SQLException {
    try (PreparedStatement entries =
            connection.prepareStatement("DELETE FROM queue_entries WHERE message_id = ANY(?)");
        PreparedStatement messages =
            connection.prepareStatement("DELETE FROM queue_messages WHERE id = ANY(?)")) {
      java.sql.Array ids = connection.createArrayOf("text", messageIds.toArray(new String[0]));
      entries.setArray(1, ids);
      entries.executeUpdate();
      messages.setArray(1, ids);
      messages.executeUpdate();
    }
  }
}
