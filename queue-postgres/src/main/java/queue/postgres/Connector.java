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
  // Bounds one wait for the server's answer on the long-lived connections (liveness, change
  // signal), so a host cut off from the server is noticed instead of waiting for TCP to give up.
  // The pool's connections go without: a timed read costs every round trip about 0.15 ms on JDK 17
  // (measured), the price of a third of a send; a URL may still ask for one (?socketTimeout=N).
  private static final int WATCHED_SOCKET_TIMEOUT_SECONDS = 30;

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

  /** A new connection in autocommit mode, for the pool. */
  Connection open() {
    return open(url.driverProperties());
  }

  /** A new connection in autocommit mode that waits at most 30 s for any answer. */
  Connection openWatched() {
    Properties properties = url.driverProperties();
    properties.putIfAbsent("socketTimeout", Integer.toString(WATCHED_SOCKET_TIMEOUT_SECONDS));
    return open(properties);
  }

  private Connection open(Properties properties) {
    String seconds = Long.toString(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
    properties.putIfAbsent("connectTimeout", seconds);
    properties.putIfAbsent("loginTimeout", seconds);
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
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("no password was provided")) {
      return "cannot log in to "
          + where
          + ": the server asks for a password and none was given; set PGPASSWORD, or add a line "
          + url.host()
          + ":"
          + url.port()
          + ":"
          + url.database()
          + ":"
          + (url.user() == null ? "USER" : url.user())
          + ":PASSWORD to ~/.pgpass (mode 0600; PGPASSFILE names another file)";
    }
    if (message.contains("does not support SSL")) {
      return "cannot reach "
          + where
          + ": the server does not support SSL, which sslmode="
          + url.parameters().getOrDefault("sslmode", "require")
          + " requires; turn ssl on in the server's postgresql.conf, or on a trusted network"
          + " use sslmode=prefer";
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

  // One line, without the driver's closing period: it is followed by "; check ...".
  private static String oneLine(String text) {
    if (text == null) {
      return "no details";
    }
    String line = text.replaceAll("\\s+", " ").trim();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
