package queue.cli.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import queue.postgres.testing.PostgresServer;

/**
 * PostgreSQL stores, one new database each, on one durable embedded server (fsync and
 * synchronous_commit on); the floor is a bare one-row INSERT, committed on its own, into a table of
 * another database on the same server: the one WAL flush a send cannot avoid.
 */
final class PostgresBenchStore implements BenchStore {
  private static final String ROW = "x".repeat(300);

  private final PostgresServer server;
  private final Connection floor;
  private final PreparedStatement insert;

  PostgresBenchStore(PostgresServer server) throws SQLException {
    this.server = server;
    this.floor = server.connect(server.newDatabase());
    try (Statement statement = floor.createStatement()) {
      statement.execute("CREATE TABLE floor (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)");
    }
    floor.setAutoCommit(true);
    this.insert = floor.prepareStatement("INSERT INTO floor (body) VALUES (?)");
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public String create() {
    return server.newDatabase();
  }

  @Override
  public List<String> option(String location) {
    return List.of("--store", location);
  }

  @Override
  public long floorNanos() throws SQLException {
    long started = System.nanoTime();
    insert.setString(1, ROW);
    insert.executeUpdate();
    return System.nanoTime() - started;
  }

  @Override
  public String floorName() {
    return "one-row INSERT committed, same server";
  }

  @Override
  public void close() {
    try {
      insert.close();
      floor.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the floor's connection", e);
    }
  }
}
