package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.StoreUnreachableException;

/**
 * One subscription's thread: it listens on a connection of its own and calls the listener for every
 * batch of notifications. A lost connection is opened again with backoff (100 ms doubling to 5 s);
 * the listener is called once after each reconnection, since changes made meanwhile were not
 * signalled. It never throws to its caller, and logs one DEBUG line when it loses the server and
 * one when it listens again, not one per retry: the program that uses the store says so once for
 * all of its connections (a processor: "lost the store", "is back").
 */
final class ChangeListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  private static final int WAIT_MILLIS = 500;
  // A connection cut off without a word (a host gone, a link down) is noticed by a query now and
  // then: waiting for notifications sends nothing.
  private static final int WAITS_PER_PROBE = 20;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Connector connector;
  private final String channel;
  private final Runnable listener;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private volatile Connection connection;
  private int waits;
  private boolean lost;

  ChangeListener(Connector connector, String channel, Runnable listener) {
    this.connector = connector;
    this.channel = channel;
    this.listener = listener;
    this.thread = new Thread(this::run, "queue-postgres-listen");
    thread.setDaemon(true);
  }

  /**
   * Listens before it returns, so a change committed after it is signalled; a server that cannot be
   * reached now is tried again by the thread.
   */
  void start() {
    try {
      listen();
    } catch (SQLException | StoreUnreachableException e) {
      dropConnection();
      lostTheServer(e);
    }
    thread.start();
  }

  private void lostTheServer(Exception e) {
    if (!lost) {
      LOG.debug(
          "lost the change signal of {}, polling until it is back: {}",
          connector.url().location(),
          e.getMessage());
      lost = true;
    }
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    while (closed.getCount() > 0) {
      try {
        listen();
        if (lost) {
          LOG.debug("listening for queue changes on {} again", connector.url().location());
          lost = false;
          backoff = FIRST_BACKOFF;
          signal();
        }
        waitForNotifications();
      } catch (SQLException | StoreUnreachableException e) {
        dropConnection();
        if (closed.getCount() == 0) {
          return;
        }
        lostTheServer(e);
        if (awaitClose(backoff)) {
          return;
        }
        backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      }
    }
    dropConnection();
  }

  private void listen() throws SQLException {
    if (connection != null) {
      return;
    }
    Connection opened = connector.openWatched();
    connection = opened;
    try (Statement statement = opened.createStatement()) {
      statement.execute("LISTEN " + channel);
    }
  }

  private void waitForNotifications() throws SQLException {
    PGNotification[] notifications =
        connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
    if (notifications != null && notifications.length > 0) {
      signal();
    }
    if (++waits % WAITS_PER_PROBE == 0) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT 1");
      }
    }
  }

  private void signal() {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.warn("a change listener failed: {}", e.toString());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private boolean awaitClose(Duration wait) {
    try {
      return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void dropConnection() {
    Connection current = connection;
    connection = null;
    if (current != null) {
      Database.closeQuietly(current);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
