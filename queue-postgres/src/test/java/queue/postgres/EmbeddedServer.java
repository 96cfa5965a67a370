package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import queue.postgres.testing.PostgresServer;

/**
 * The store tests' short names for the one embedded PostgreSQL of their JVM ({@link
 * PostgresServer#shared()}); each test makes a database of its own and drops it when it is done.
 */
final class EmbeddedServer {
  static final String PASSWORD_USER = PostgresServer.PASSWORD_USER;
  static final String PASSWORD = PostgresServer.PASSWORD;

  private EmbeddedServer() {}

  static int port() {
    return PostgresServer.shared().port();
  }

  /** A new, empty database; its URL, as user postgres on 127.0.0.1. */
  static String newDatabase() {
    return PostgresServer.shared().newDatabase();
  }

  /** Drops the database of {@code url}, ending what is still connected to it. */
  static void dropDatabase(String url) {
    PostgresServer.shared().dropDatabase(url);
  }

  /**
   * A superuser connection to the database of {@code url}, for what a test checks behind the store.
   */
  static Connection connect(String url) throws SQLException {
    return PostgresServer.shared().connect(url);
  }
}
