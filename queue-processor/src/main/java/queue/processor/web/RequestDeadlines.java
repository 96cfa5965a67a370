package queue.processor.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The status server's header and idle deadline: a connection must deliver a whole request head
 * within {@code deadline} of being opened, or of the answer to its previous request; one that does
 * not (silent, or trickling its headers a byte at a time) is closed. Jetty's parser holds no thread
 * for a slow client, so this bounds only how long such a client keeps its connection (and its place
 * under the connection limit). Checked by a sweep every tenth of the deadline, so a connection
 * lives at most that much past it.
 */
final class RequestDeadlines implements Connection.Listener {
  private final Duration deadline;
  private final Scheduler scheduler;
  private final LongSupplier ticker;
  private final Map<Connection, Long> waiting = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  RequestDeadlines(Duration deadline, Scheduler scheduler, LongSupplier ticker) {
    this.deadline = deadline;
    this.scheduler = scheduler;
    this.ticker = ticker;
  }

  /** Starts the sweeps; they end with {@link #stop}. */
  void start() {
    scheduleSweep();
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void onOpened(Connection connection) {
    waiting.put(connection, ticker.getAsLong() + deadline.toNanos());
  }

  @Override
  public void onClosed(Connection connection) {
    waiting.remove(connection);
  }

  /** A whole request head arrived on {@code connection}: its deadline is met. */
  void requestArrived(Connection connection) {
    waiting.remove(connection);
  }

  /** The answer is sent: the next request head has the deadline again. */
  void answered(Connection connection) {
    if (connection.getEndPoint().isOpen()) {
      waiting.put(connection, ticker.getAsLong() + deadline.toNanos());
    }
  }

  private void scheduleSweep() {
    if (!stopped) {
      scheduler.schedule(this::sweep, Math.max(1, deadline.toMillis() / 10), TimeUnit.MILLISECONDS);
    }
  }

  private void sweep() {
    long now = ticker.getAsLong();
    waiting.forEach(
        (connection, until) -> {
          if (now - until >= 0 && waiting.remove(connection, until)) {
            connection.getEndPoint().close();
          }
        });
    scheduleSweep();
  }
}
