package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import queue.core.api.Changes;

/**
 * {@link Changes} by {@code LISTEN}/{@code NOTIFY}: the operations that make entries due (send,
 * hand-back, retry, an agent resumed, an import) notify {@link #CHANNEL} in their transaction, so
 * the signal goes out when they commit. Each subscription listens on a connection and a thread of
 * its own ({@link ChangeListener}).
 */
final class PostgresChanges implements Changes {
  static final String CHANNEL = "queue_changes";

  private final Connector connector;
  private final Set<ChangeListener> listeners = ConcurrentHashMap.newKeySet();

  PostgresChanges(Connector connector) {
    this.connector = connector;
  }

  /** Signals a change when the transaction on {@code connection} commits. */
  static void notify(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("NOTIFY " + CHANNEL);
    }
  }

  @Override
  public Subscription subscribe(Runnable listener) {
    ChangeListener changeListener = new ChangeListener(connector, CHANNEL, listener);
    listeners.add(changeListener);
    changeListener.start();
    return () -> {
      listeners.remove(changeListener);
      changeListener.close();
    };
  }

  /** Ends every subscription. */
  void closeAll() {
    listeners.forEach(ChangeListener::close);
    listeners.clear();
  }
}
