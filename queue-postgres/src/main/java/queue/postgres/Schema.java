package queue.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;

/**
 * Creates and upgrades the store's tables. Each migration is a numbered file in {@code
 * queue/postgres/migrations/}, applied in order in one transaction that holds a transaction-level
 * advisory lock, so two programs starting on a new database never both create it. {@code
 * queue_schema} records the versions applied; a database whose schema is newer than this program is
 * refused (exit 4) rather than used with tables it does not know.
 */
final class Schema {
  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
  private static final List<String> MIGRATIONS =
      List.of(
          "001-initial.sql",
          "002-targets-and-rules.sql",
          "003-groups.sql",
          "004-threads-and-notices.sql");

  /** The schema version this program writes. */
  static final int VERSION = MIGRATIONS.size();

  // An arbitrary key of the advisory lock that guards migrations ("queueSCH" in ASCII).
  private static final long MIGRATION_LOCK = 0x7175657565534348L;

  private Schema() {}

  private static final Sql LOCK = Sql.of("SELECT pg_advisory_xact_lock(:key)");

  private static final Sql CREATE_VERSIONS =
      Sql.of(
          """
          CREATE TABLE IF NOT EXISTS queue_schema (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now())
          """);

  /** Brings the database to {@link #VERSION}; refuses one that is newer. */
  static void migrate(Database database) {
    int found = database.transaction(Schema::version);
    if (found == VERSION) {
      return;
    }
    refuseNewer(found);
    database.transaction(
        connection -> {
          try (Sql.Statement lock = LOCK.prepare(connection);
              Sql.Statement create = CREATE_VERSIONS.prepare(connection)) {
            lock.bigint("key", MIGRATION_LOCK).query().close();
            create.update();
          }
          int current = version(connection);
          refuseNewer(current);
          for (int version = current + 1; version <= VERSION; version++) {
            apply(connection, version);
          }
          return null;
        });
  }

  private static final Sql HAS_VERSIONS = Sql.of("SELECT to_regclass('queue_schema') IS NOT NULL");

  private static final Sql VERSION_APPLIED =
      Sql.of("SELECT coalesce(max(version), 0) FROM queue_schema");

  /** The version recorded in the database; 0 for none. */
  static int version(Connection connection) throws SQLException {
    try (Sql.Statement statement = HAS_VERSIONS.prepare(connection);
        ResultSet exists = statement.query()) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return 0;
      }
    }
    try (Sql.Statement statement = VERSION_APPLIED.prepare(connection);
        ResultSet rs = statement.query()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void refuseNewer(int found) {
    if (found > VERSION) {
      throw new CorruptStateException(
          "schema version "
              + found
              + " is newer than this program ("
              + VERSION
              + "); upgrade queue",
          null);
    }
  }

  private static final Sql RECORD = Sql.of("INSERT INTO queue_schema (version) VALUES (:version)");

  /** The file of migration {@code version} (1 for the first). */
  static String migration(int version) {
    return MIGRATIONS.get(version - 1);
  }

  private static void apply(Connection connection, int version) throws SQLException {
    String file = migration(version);
    try (Statement statement = connection.createStatement();
        Sql.Statement record = RECORD.prepare(connection)) {
      statement.execute(read(file));
      record.integer("version", version).update();
    }
    LOG.info("applied schema migration {}", file);
  }

  private static String read(String file) {
    try (InputStream in = Schema.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + file + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + file, e);
    }
  }
}
