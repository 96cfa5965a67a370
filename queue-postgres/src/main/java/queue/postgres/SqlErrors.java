package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** What a {@link SQLException} means for the operation that got it. */
final class SqlErrors {
  static final String UNIQUE_VIOLATION = "23505";

  private SqlErrors() {}

  /**
   * True when the connection is unusable: class 08 (connection exception), 57P01-57P03 (the server
   * shuts down or restarts), or a connection the driver has closed.
   */
  static boolean isConnectionLost(SQLException e, Connection connection) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      return true;
    }
    return isClosed(connection);
  }

  static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** True for a serialization failure or a deadlock: the transaction may simply run again. */
  static boolean isRetryable(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  /** The error on one line, with its SQLSTATE. */
  static String describe(SQLException e) {
    String message = e.getMessage() == null ? "no details" : e.getMessage();
    return message.replaceAll("\\s+", " ").trim()
        + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
  }
}
