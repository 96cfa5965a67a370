package queue.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.Liveness.Registration;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.error.StoreUnreachableException;

class LivenessTest extends StoreFixture {
  private static final ProcessorInfo FIRST =
      new ProcessorInfo("p1", "host-a", 101, Instant.parse("2026-01-01T00:00:00Z"));
  private static final ProcessorInfo SECOND =
      new ProcessorInfo("p2", "host-b", 202, Instant.parse("2026-01-01T00:00:01Z"));

  @Test
  void aRegistrationCountsUntilItIsClosedOnEveryStoreOfTheDatabase() {
    try (QueueStore other = open()) {
      Registration first = store.liveness().register(FIRST);
      Registration second = other.liveness().register(SECOND);

      assertEquals(List.of(FIRST, SECOND), other.liveness().running());

      first.close();
      assertEquals(List.of(SECOND), store.liveness().running());
      second.close();
      assertEquals(List.of(), store.liveness().running());
    }
  }

  @Test
  void aSessionThatEndsWithoutClosingNoLongerCountsAndComesBackWithTheServer() throws Exception {
    try (QueueStore processor = open()) {
      processor.liveness().register(FIRST);

      ConnectionTest.terminateSessions(
          url, "a.pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')");

      // The server drops the session's lock at once; the registration's own check, every 2 s,
      // then marks it again on a new session. The bound is a guard, not a limit.
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> store.liveness().running().equals(List.of(FIRST)));
    }
    assertEquals(List.of(), store.liveness().running());
  }

  // Issue 19, defect 10: after a server restart a processor worked for seconds before its mark's
  // 2 s check found the mark gone.
  @Test
  void aProcessorIsCountedAgainBeforeItsFirstOperationOnANewConnection() throws Exception {
    try (QueueStore processor = open()) {
      processor.liveness().register(FIRST);
      processor.reports().status();

      // As a restart does: every session ends, the mark's and the pool's.
      ConnectionTest.terminateSessions(url, "a.backend_type = 'client backend'");
      succeedsAfterItsPooledConnectionFailed(() -> processor.reports().status());

      try (QueueStore reader = open()) {
        assertEquals(List.of(FIRST), reader.liveness().running());
      }
    }
  }

  // The first call may meet the pool's connection that the server ended; the next opens a new one.
  private static void succeedsAfterItsPooledConnectionFailed(Runnable operation) {
    try {
      operation.run();
    } catch (StoreUnreachableException e) {
      operation.run();
    }
  }
}
