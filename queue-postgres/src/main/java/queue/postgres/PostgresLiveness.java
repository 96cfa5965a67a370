package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import queue.core.api.Liveness;
import queue.core.api.ProcessorInfo;

/**
 * {@link Liveness}: each registration is a row of {@code queue_processors} and a session-level
 * advisory lock held by a connection of its own ({@link ProcessorRegistration}). A row counts only
 * while its lock is held: the server drops the lock with the session, at once when the process dies
 * ({@code kill -9} closes its socket) and within about 15 s when its host vanishes (the session's
 * TCP keepalives), so nothing goes stale on its own.
 */
final class PostgresLiveness implements Liveness {
  /** The first key of the processors' advisory locks ("queu" in ASCII); the second is the row's. */
  static final int LOCK_CLASS = 0x71756575;

  /** A row of {@code queue_processors p} whose lock is held, in this database. */
  private static final String HELD =
      """
      EXISTS (
        SELECT 1
        FROM pg_locks l
        WHERE l.locktype = 'advisory'
          AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = %d
          AND l.objid = p.lock_key
          AND l.objsubid = 2)
      """
          .formatted(LOCK_CLASS);

  private final Database database;
  private final Set<ProcessorRegistration> registrations = ConcurrentHashMap.newKeySet();

  PostgresLiveness(Database database) {
    this.database = database;
  }

  @Override
  public Registration register(ProcessorInfo processor) {
    ProcessorRegistration registration =
        ProcessorRegistration.start(database.connector(), processor);
    registrations.add(registration);
    Runnable check = registration::ensureRegistered;
    database.onConnect(check);
    return () -> {
      database.removeOnConnect(check);
      registrations.remove(registration);
      registration.close();
    };
  }

  private static final Sql RUNNING =
      Sql.of(
          """
          SELECT owner, host, pid, started_at
          FROM queue_processors p
          WHERE %s
          ORDER BY started_at, lock_key
          """
              .formatted(HELD));

  @Override
  public List<ProcessorInfo> running() {
    return database.transaction(
        connection -> {
          List<ProcessorInfo> running = new ArrayList<>();
          try (Sql.Statement statement = RUNNING.prepare(connection);
              ResultSet rs = statement.query()) {
            while (rs.next()) {
              running.add(
                  new ProcessorInfo(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getLong(3),
                      Rows.instant(rs, "started_at")));
            }
          }
          return running;
        });
  }

  /** Removes the rows of processors that are gone; returns how many. */
  int removeStale() {
    return database.transaction(PostgresLiveness::removeStale);
  }

  private static final Sql REMOVE_STALE =
      Sql.of(
          """
          DELETE FROM queue_processors p
          WHERE NOT %s
          """
              .formatted(HELD));

  static int removeStale(Connection connection) throws SQLException {
    try (Sql.Statement statement = REMOVE_STALE.prepare(connection)) {
      return statement.update();
    }
  }

  /** Ends every registration of this store. */
  void closeAll() {
    registrations.forEach(ProcessorRegistration::close);
    registrations.clear();
  }
}
