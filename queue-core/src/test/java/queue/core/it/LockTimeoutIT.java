package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.QueueBusyException;
import queue.core.store.FileStore;
import queue.core.testing.TestAgents;

/** A lock held by another process makes a write give up after the timeout, naming the holder. */
class LockTimeoutIT {
  @TempDir Path dir;

  @Test
  void writeGivesUpAfterTheTimeoutNamingTheHoldersPidAndReadersAreNotBlocked() throws Exception {
    OpenOptions options =
        OpenOptions.defaults(Clock.systemUTC()).withTimeouts(Duration.ofMillis(300), Duration.ZERO);
    TestAgents requests = new TestAgents("it");
    try (QueueStore store = FileStore.open(dir, options)) {
      store.agents().add(requests.inbox("alice", null, Clock.systemUTC().instant()));
      ChildJvm holder = ChildJvm.start(LockHolderMain.class, dir.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> holder.lines().contains("locked"));

      QueueBusyException busy =
          assertThrows(
              QueueBusyException.class,
              () -> store.sends().send(SendRequest.to(List.of("alice"), "me", "blocked")));

      assertEquals(3, busy.exitCode());
      assertTrue(busy.getMessage().contains("pid " + holder.process().pid()), busy.getMessage());
      assertTrue(busy.getMessage().contains("--lock-timeout"), busy.getMessage());
      assertEquals(1, store.agents().list().size(), "a reader is never blocked by the lock");
      assertEquals(0, store.reports().status().totals().pending());

      holder.closeStdin();
      assertEquals(0, holder.awaitExit());
      store.sends().send(SendRequest.to(List.of("alice"), "me", "after"));
      assertEquals(1, store.reports().status().totals().pending());
    }
  }
}
