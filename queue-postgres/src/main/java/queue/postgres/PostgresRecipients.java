package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The rows of {@code queue_recipients}: one per name ever queued to, made when an agent is
 * registered or imported. A claim locks a recipient's row, so its entries are claimed by one
 * transaction at a time on every host.
 */
final class PostgresRecipients {
  private PostgresRecipients() {}

  private static final Sql ENSURE =
      Sql.of(
          """
          INSERT INTO queue_recipients (name)
          SELECT unnest(:names::text[])
          ON CONFLICT DO NOTHING
          """);

  static void ensure(Connection connection, Collection<String> names) throws SQLException {
    try (Sql.Statement statement = ENSURE.prepare(connection)) {
      statement.texts("names", names).update();
    }
  }
}
