package queue.postgres;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;
import queue.core.error.StoreUnreachableException;

/**
 * Opens connections to one server: connect and log in within the connect timeout, or a {@link
 * StoreUnreachableException} (exit 6) that names the host, port and database and what to check.
 */
final class Connector {
  // Bounds one wait for the server's answer, so a host cut off from the server is noticed instead
  // of waiting for TCP to give up (minutes); a statement that runs longer than this is a bug here.
  private static final int SOCKET_TIMEOUT_SECONDS = 60;

  private final PostgresUrl url;
  private final Duration connectTimeout;
  private final Driver driver = new Driver();

  Connector(PostgresUrl url, Duration connectTimeout) {
    this.url = url;
    this.connectTimeout = connectTimeout;
  }

  PostgresUrl url() {
    return url;
  }

  /** A new connection in autocommit mode. */
  Connection open() {
    Properties properties = url.driverProperties();
    String seconds = Long.toString(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
    properties.putIfAbsent("connectTimeout", seconds);
    properties.putIfAbsent("loginTimeout", seconds);
    properties.putIfAbsent("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    properties.putIfAbsent("tcpKeepAlive", "true");
    properties.putIfAbsent("ApplicationName", "queue");
    try {
      Connection connection = driver.connect(url.jdbcUrl(), properties);
      if (connection == null) {
        throw new StoreUnreachableException(url.location() + " is not a PostgreSQL URL", null);
      }
      return connection;
    } catch (SQLException e) {
      throw unreachable(e);
    }
  }

  /** The one-line error for a connection that could not be made or was lost. */
  StoreUnreachableException unreachable(SQLException e) {
    String where =
        "PostgreSQL at "
            + url.host()
            + ":"
            + url.port()
            + " (database "
            + url.database()
            + (url.user() == null ? "" : ", user " + url.user())
            + ")";
    return new StoreUnreachableException(describe(e, where), e);
  }

  private String describe(SQLException e, String where) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Throwable cause = rootCause(e);
    if (state.startsWith("28")) {
      return "cannot log in to "
          + where
          + ": authentication failed; check the user and password (URL, PGPASSWORD or ~/.pgpass)"
          + " and pg_hba.conf";
    }
    if (state.equals("3D000")) {
      return "cannot use "
          + where
          + ": the database does not exist; create it: createdb "
          + url.database();
    }
    if (cause instanceof UnknownHostException) {
      return "cannot reach " + where + ": unknown host " + url.host() + "; check the host name";
    }
    if (cause instanceof SocketTimeoutException || isTimeout(e)) {
      return "cannot reach "
          + where
          + ": no answer within "
          + queue.core.Durations.format(connectTimeout)
          + "; check that the host is up and the port is open, or raise --connect-timeout";
    }
    if (cause instanceof ConnectException) {
      return "cannot reach "
          + where
          + ": connection refused; check that the server is running and listens on "
          + url.host()
          + ":"
          + url.port();
    }
    return "cannot reach "
        + where
        + ": "
        + oneLine(e.getMessage())
        + "; check that the server is running and reachable";
  }

  private static boolean isTimeout(SQLException e) {
    String message =
        e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    return message.contains("timed out") || message.contains("timeout");
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String oneLine(String text) {
    return text == null ? "no details" : text.replaceAll("\\s+", " ").trim();
  }
}
