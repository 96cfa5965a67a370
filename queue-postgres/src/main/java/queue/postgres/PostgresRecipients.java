package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The rows of {@code queue_recipients}: one per name ever queued to, made when an agent is
 * registered or imported. A claim locks a recipient's row, so its entries are claimed by one
 * transaction at a time on every host.
 */
final class PostgresRecipients {
  private PostgresRecipients() {}

  static void ensure(Connection connection, Collection<String> names) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO queue_recipients (name) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING")) {
      ps.setArray(1, Rows.textArray(connection, names));
      ps.executeUpdate();
    }
  }
}
