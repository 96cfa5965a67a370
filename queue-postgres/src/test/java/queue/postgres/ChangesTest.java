package queue.postgres;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import queue.core.api.Changes.Subscription;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;

class ChangesTest extends StoreFixture {
  // A guard, not a limit: a signal comes within the listener's 0.5 s poll, a reconnection within
  // its
  // 5 s backoff; a loaded machine stretches both (issue 19, defect 12).
  private static final Duration GUARD = Duration.ofMinutes(1);

  @Test
  void aSendOnAnotherStoreWakesTheSubscriber() {
    register("alice");
    AtomicInteger signals = new AtomicInteger();
    Subscription subscription = store.changes().subscribe(signals::incrementAndGet);
    try (QueueStore sender = open()) {
      await().atMost(GUARD).until(this::listening);

      sender.sends().send(SendRequest.broadcast("me", "wake up"));

      await().atMost(GUARD).until(() -> signals.get() > 0);
    } finally {
      subscription.close();
    }
  }

  @Test
  void theSubscriptionListensAgainAfterLosingItsConnection() throws Exception {
    register("alice");
    AtomicInteger signals = new AtomicInteger();
    Subscription subscription = store.changes().subscribe(signals::incrementAndGet);
    try {
      await().atMost(GUARD).until(this::listening);
      ConnectionTest.terminateSessions(url, "a.query LIKE 'LISTEN%'");
      await().atMost(GUARD).until(this::listening);
      int before = signals.get();

      send("alice", "after the loss");

      await().atMost(GUARD).until(() -> signals.get() > before);
    } finally {
      subscription.close();
    }
  }

  // A listening session shows in pg_stat_activity with its LISTEN as its last statement.
  private boolean listening() throws Exception {
    try (var connection = EmbeddedServer.connect(url);
        var statement = connection.createStatement();
        var rs =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }
}
