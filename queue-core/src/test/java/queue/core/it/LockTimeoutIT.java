package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.agents.AgentRegistry;
import queue.core.error.QueueBusyException;
import queue.core.store.FileQueueStore;

/** A lock held by another process makes an update give up after the timeout, naming the holder. */
class LockTimeoutIT {
  @TempDir Path dir;

  @Test
  void updateGivesUpAfterTheTimeoutNamingTheHoldersPid() throws Exception {
    ChildJvm holder = ChildJvm.start(LockHolderMain.class, dir.toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> holder.lines().contains("locked"));
    FileQueueStore store = FileQueueStore.open(dir, Duration.ofMillis(500));
    AgentRegistry agents = new AgentRegistry(store, Clock.systemUTC());

    long start = System.nanoTime();
    QueueBusyException busy =
        assertThrows(QueueBusyException.class, () -> agents.addInbox("alice", null));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(3, busy.exitCode());
    assertTrue(busy.getMessage().contains("pid " + holder.process().pid()), busy.getMessage());
    assertTrue(waited.compareTo(Duration.ofMillis(500)) >= 0, "gave up after " + waited);
    assertEquals(0, store.read().agents().size(), "a reader is never blocked by the lock");

    holder.process().getOutputStream().close();
    assertEquals(0, holder.awaitExit());
    agents.addInbox("alice", null);
    assertEquals(1, store.read().agents().size());
  }
}
