package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.ProcessorInfo;
import queue.core.error.StoreUnreachableException;

/**
 * One running processor's mark: a row and the advisory lock that makes it count, held on a
 * connection of its own. The mark is checked every 2 s by a thread, and also whenever the store's
 * pool has opened a new connection, before that connection is used ({@link Database#onConnect}): if
 * the server lost the mark (a restart ends every session, and the lock with it), it is made again
 * at once, so a processor that works again after a restart is counted again before its first
 * operation, not seconds later (issue 19, defect 10). The old row, whose lock is gone, no longer
 * counts. Logs one DEBUG line when it loses the server and one when it is registered again: the
 * processor says once for all of its connections that the store is lost and back.
 */
final class ProcessorRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorRegistration.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
  // A check that the mark's session is alive waits this long at most: a link cut without a reset
  // must not hold up the pool's caller.
  private static final int CHECK_TIMEOUT_SECONDS = 1;
  // The server notices a vanished client after idle + interval * count seconds (5 + 2 * 5).
  private static final String KEEPALIVES =
      "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 5";

  private final Connector connector;
  private final ProcessorInfo processor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private Connection connection;
  private int lockKey;
  private boolean lost;

  private ProcessorRegistration(Connector connector, ProcessorInfo processor) {
    this.connector = connector;
    this.processor = processor;
    this.thread = new Thread(this::keep, "queue-postgres-liveness");
    thread.setDaemon(true);
  }

  /** Registers {@code processor} now (or throws), and keeps it registered until closed. */
  static ProcessorRegistration start(Connector connector, ProcessorInfo processor) {
    ProcessorRegistration registration = new ProcessorRegistration(connector, processor);
    try {
      registration.mark();
    } catch (SQLException e) {
      registration.drop();
      throw connector.unreachable(e);
    }
    registration.thread.start();
    return registration;
  }

  private static final Sql NEXT_KEY = Sql.of("SELECT nextval('queue_processor_key')::integer");

  private static final Sql LOCK =
      Sql.of("SELECT pg_advisory_lock(%d, :key)".formatted(PostgresLiveness.LOCK_CLASS));

  private static final Sql INSERT =
      Sql.of(
          """
          INSERT INTO queue_processors (lock_key, owner, host, pid, started_at)
          VALUES (:key, :owner, :host, :pid, :started_at)
          """);

  private synchronized void mark() throws SQLException {
    connection = connector.openWatched();
    try (Statement statement = connection.createStatement()) {
      statement.execute(KEEPALIVES);
    }
    try (Sql.Statement statement = NEXT_KEY.prepare(connection);
        ResultSet rs = statement.query()) {
      rs.next();
      lockKey = rs.getInt(1);
    }
    try (Sql.Statement statement = LOCK.prepare(connection)) {
      statement.integer("key", lockKey).query().close();
    }
    PostgresLiveness.removeStale(connection);
    try (Sql.Statement statement = INSERT.prepare(connection)) {
      statement
          .integer("key", lockKey)
          .text("owner", processor.owner())
          .text("host", processor.host())
          .bigint("pid", processor.pid())
          .instant("started_at", processor.startedAt())
          .update();
    }
  }

  private void keep() {
    while (!awaitClose(CHECK_EVERY)) {
      ensureRegistered();
    }
  }

  /** Makes the mark again if its session is gone; logs the loss and the return once each. */
  synchronized void ensureRegistered() {
    if (closed.getCount() == 0) {
      return;
    }
    try {
      if (connection != null && connection.isValid(CHECK_TIMEOUT_SECONDS)) {
        return;
      }
      drop();
      mark();
      if (lost) {
        LOG.debug("registered as running on {} again", connector.url().location());
        lost = false;
      }
    } catch (SQLException | StoreUnreachableException e) {
      drop();
      if (!lost) {
        LOG.debug(
            "lost the database {}; this processor shows as not running until it is back: {}",
            connector.url().location(),
            e.getMessage());
        lost = true;
      }
    }
  }

  private boolean awaitClose(Duration wait) {
    try {
      return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private synchronized void drop() {
    if (connection != null) {
      Database.closeQuietly(connection);
      connection = null;
    }
  }

  private static final Sql DELETE = Sql.of("DELETE FROM queue_processors WHERE lock_key = :key");

  @Override
  public void close() {
    closed.countDown();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (connection != null) {
        try (Sql.Statement statement = DELETE.prepare(connection)) {
          statement.integer("key", lockKey).update();
        } catch (SQLException e) {
          // The lock goes with the session; a row left behind does not count and is removed later.
        }
      }
      drop();
    }
  }
}
