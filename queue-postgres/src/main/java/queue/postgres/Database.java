package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.SaveFailedException;
import queue.core.error.StoreUnreachableException;

/**
 * A small pool of connections to one database and the one way to run a transaction on it. A
 * processor uses a few threads at once (claim loop, settler, lease keeper, status reads), so the
 * pool only keeps what was returned to it; a connection that broke is dropped and the next call
 * opens a new one. An operation that fails because the server went away throws {@link
 * StoreUnreachableException}; any other database error is a {@link SaveFailedException} (exit 1),
 * and in both cases the transaction was rolled back.
 */
final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int MAX_IDLE = 8;
  // Serialization failures and deadlocks are retried: each operation is one transaction that can
  // run again from the start.
  private static final int MAX_TRIES = 5;

  private final Connector connector;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private final List<Runnable> onConnect = new CopyOnWriteArrayList<>();
  private boolean closed;

  Database(Connector connector) {
    this.connector = connector;
  }

  Connector connector() {
    return connector;
  }

  /**
   * Runs {@code check} each time the pool has opened a new connection, before it is used: a new
   * connection follows a lost one or a server restart, after which a processor's liveness mark must
   * be made again before the processor works (see {@link ProcessorRegistration}).
   */
  void onConnect(Runnable check) {
    onConnect.add(check);
  }

  void removeOnConnect(Runnable check) {
    onConnect.remove(check);
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<R> {
    R run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction (READ COMMITTED unless its first statement says otherwise)
   * and commits it.
   */
  <R> R transaction(Work<R> work) {
    return run(work, false);
  }

  /**
   * Runs {@code work}, one statement, committed on its own (autocommit): one round trip fewer than
   * a transaction, for the one operation whose rate is the queue's, the send.
   */
  <R> R statement(Work<R> work) {
    return run(work, true);
  }

  private <R> R run(Work<R> work, boolean autocommit) {
    for (int attempt = 1; ; attempt++) {
      Connection connection = borrow();
      boolean healthy = true;
      try {
        return autocommit ? alone(connection, work) : committed(connection, work);
      } catch (SQLException e) {
        rollbackQuietly(connection);
        healthy = !SqlErrors.isConnectionLost(e, connection);
        if (!healthy || !SqlErrors.isRetryable(e) || attempt == MAX_TRIES) {
          throw failure(e, healthy);
        }
        LOG.debug(
            "transaction attempt {} of {} is retried: {}", attempt, MAX_TRIES, e.getSQLState());
      } catch (RuntimeException | Error e) {
        rollbackQuietly(connection);
        healthy = !SqlErrors.isClosed(connection);
        throw e;
      } finally {
        giveBack(connection, healthy);
      }
    }
  }

  private static <R> R committed(Connection connection, Work<R> work) throws SQLException {
    R result = work.run(connection);
    connection.commit();
    return result;
  }

  private static <R> R alone(Connection connection, Work<R> work) throws SQLException {
    connection.setAutoCommit(true);
    try {
      return work.run(connection);
    } finally {
      connection.setAutoCommit(false);
    }
  }

  private RuntimeException failure(SQLException e, boolean healthy) {
    if (!healthy) {
      // The server restarted or the network broke: the idle connections went with it.
      dropIdle();
      return connector.unreachable(e);
    }
    return new SaveFailedException(
        "the database refused the operation on "
            + connector.url().location()
            + ": "
            + SqlErrors.describe(e)
            + "; nothing was changed",
        e);
  }

  /**
   * Makes the transaction on {@code connection} read-only and REPEATABLE READ, so that all its
   * statements see one snapshot; it must come first in the transaction.
   */
  static void snapshot(Connection connection) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }
  }

  private Connection borrow() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the store " + connector.url().location() + " is closed");
      }
      Connection pooled = idle.pollFirst();
      if (pooled != null) {
        return pooled;
      }
    }
    Connection connection = connector.open();
    try {
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw connector.unreachable(e);
    }
    onConnect.forEach(Runnable::run);
    return connection;
  }

  private void giveBack(Connection connection, boolean healthy) {
    synchronized (this) {
      if (healthy && !closed && idle.size() < MAX_IDLE) {
        idle.addFirst(connection);
        return;
      }
    }
    closeQuietly(connection);
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The connection is gone; the server rolled the transaction back.
    }
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing left to release.
    }
  }

  private void dropIdle() {
    Deque<Connection> toClose;
    synchronized (this) {
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(Database::closeQuietly);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    dropIdle();
  }
}
