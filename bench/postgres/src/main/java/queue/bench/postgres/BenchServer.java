package queue.bench.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL with the durability of a real installation (synchronous_commit and fsync
 * on: zonky turns synchronous_commit off by default), and databases made on it.
 */
final class BenchServer implements AutoCloseable {
  private final EmbeddedPostgres server;

  BenchServer() throws IOException {
    server =
        EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .start();
  }

  /** A new database; its store URL. */
  String newDatabase(String name) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return "postgresql://postgres@127.0.0.1:" + server.getPort() + "/" + name;
  }

  /** A plain connection to the database of a store URL. */
  Connection connect(String url) throws SQLException {
    String database = url.substring(url.lastIndexOf('/') + 1);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database + "?user=postgres");
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
