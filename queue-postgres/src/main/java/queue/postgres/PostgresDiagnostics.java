package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.Diagnosis.Size;
import queue.core.api.Diagnostics;
import queue.core.error.QueueException;

/**
 * The store's checks for {@code queue doctor}: the connection and the server's version, the schema
 * version and the size of each table (leases and processors are checked alike for every store, by
 * the command). It removes the rows of processors that are gone. It reports a failure as a finding,
 * never throws.
 */
final class PostgresDiagnostics implements Diagnostics {
  private static final List<String> TABLES =
      List.of(
          "queue_entries",
          "queue_messages",
          "queue_history",
          "queue_agents",
          "queue_recipients",
          "queue_counters",
          "queue_processors",
          "queue_meta",
          "queue_schema");

  private final Database database;
  private final PostgresLiveness liveness;

  PostgresDiagnostics(Database database, PostgresLiveness liveness) {
    this.database = database;
    this.liveness = liveness;
  }

  @Override
  public Diagnosis diagnose() {
    List<Finding> findings = new ArrayList<>();
    String where = database.connector().url().location();
    try {
      List<Size> sizes = database.transaction(connection -> check(connection, where, findings));
      liveness.removeStale();
      return new Diagnosis(findings, sizes);
    } catch (QueueException e) {
      findings.add(
          Finding.problem(
              "database",
              e.getMessage(),
              "check that the server runs and that the URL, user and password are right"));
      return new Diagnosis(findings, List.of());
    }
  }

  private List<Size> check(Connection connection, String where, List<Finding> findings)
      throws SQLException {
    findings.add(Finding.ok("database", where + ", " + serverVersion(connection)));
    int version = Schema.version(connection);
    findings.add(
        version > Schema.VERSION
            ? Finding.problem(
                "schema",
                "version " + version + " is newer than this program (" + Schema.VERSION + ")",
                "upgrade queue")
            : Finding.ok("schema", "version " + version));
    return sizes(connection);
  }

  private static final Sql SERVER_VERSION = Sql.of("SHOW server_version");

  private static String serverVersion(Connection connection) throws SQLException {
    try (Sql.Statement statement = SERVER_VERSION.prepare(connection);
        ResultSet rs = statement.query()) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    }
  }

  private static final Sql SIZES =
      Sql.of(
          """
          SELECT t, coalesce(pg_total_relation_size(to_regclass(t)), -1)
          FROM unnest(:tables::text[]) WITH ORDINALITY AS tables (t, n)
          ORDER BY n
          """);

  private static List<Size> sizes(Connection connection) throws SQLException {
    List<Size> sizes = new ArrayList<>();
    try (Sql.Statement statement = SIZES.prepare(connection);
        ResultSet rs = statement.texts("tables", TABLES).query()) {
      while (rs.next()) {
        sizes.add(new Size(rs.getString(1), rs.getLong(2)));
      }
    }
    return sizes;
  }
}
