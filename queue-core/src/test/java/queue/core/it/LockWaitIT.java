package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.QueueBusyException;
import queue.core.files.DefaultFileOps;
import queue.core.store.FileStore;
import queue.core.store.StateFiles;
import queue.core.testing.TestAgents;

/**
 * A writer that finds the queue lock held by another process waits for it: it takes the lock when
 * the holder dies by SIGKILL, it gives up when interrupted and leaves the lock usable, and
 * processes waiting at once take the lock one at a time. (The timeout, exit 3 naming the holder's
 * pid: {@link LockTimeoutIT}.)
 */
class LockWaitIT {
  // Far above any wait here: a waiter that timed out instead of taking the freed lock fails.
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);
  private static final int COUNTING_PROCESSES = 3;
  private static final int ROUNDS = 300;

  @TempDir Path dir;

  @Test
  void waiterTakesTheLockWhenItsHolderIsKilledAndGivesUpWhenInterrupted() throws Exception {
    try (QueueStore store = FileStore.open(dir, options())) {
      store.agents().add(new TestAgents("it").inbox("alice", null, Clock.systemUTC().instant()));
      ChildJvm holder = ChildJvm.start(LockHolderMain.class, dir.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> holder.lines().contains("locked"));

      Waiter interrupted = sendInThread(store, "interrupted");
      awaitWaiting(interrupted.thread());
      interrupted.thread().interrupt();
      ExecutionException gaveUp =
          assertThrows(
              ExecutionException.class, () -> interrupted.send().get(60, TimeUnit.SECONDS));
      QueueBusyException busy = assertInstanceOf(QueueBusyException.class, gaveUp.getCause());
      assertTrue(busy.getMessage().contains("interrupted"), busy.getMessage());

      Waiter waiting = sendInThread(store, "after the kill");
      awaitWaiting(waiting.thread());
      holder.kill();
      waiting.send().get(60, TimeUnit.SECONDS);

      assertEquals(1, store.reports().status().totals().pending());
      StateFiles files = new StateFiles(dir, new DefaultFileOps(), LOCK_TIMEOUT, false);
      assertEquals(OptionalLong.of(ProcessHandle.current().pid()), files.lockHolderPid());
    }
  }

  @Test
  void processesWaitingForTheLockTakeItOneAtATime() throws Exception {
    List<ChildJvm> counters = new ArrayList<>();
    for (int p = 0; p < COUNTING_PROCESSES; p++) {
      counters.add(ChildJvm.start(LockCounterMain.class, dir.toString(), String.valueOf(ROUNDS)));
    }
    for (ChildJvm counter : counters) {
      assertEquals(0, counter.awaitExit(), "counter pid " + counter.process().pid());
      assertEquals(List.of("done"), counter.lines());
    }
    assertEquals(
        String.valueOf(COUNTING_PROCESSES * ROUNDS),
        Files.readString(dir.resolve(LockCounterMain.COUNTER)));
  }

  private record Waiter(Thread thread, FutureTask<?> send) {}

  private static Waiter sendInThread(QueueStore store, String body) {
    FutureTask<?> send =
        new FutureTask<>(() -> store.sends().send(SendRequest.to(List.of("alice"), "me", body)));
    Thread thread = new Thread(send, "waiting writer: " + body);
    thread.setDaemon(true);
    thread.start();
    return new Waiter(thread, send);
  }

  // Polling for the lock: asleep between tries, once its read ahead of the lock has run.
  private static void awaitWaiting(Thread thread) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> thread.getState() == Thread.State.TIMED_WAITING);
  }

  private static OpenOptions options() {
    return OpenOptions.defaults(Clock.systemUTC()).withTimeouts(LOCK_TIMEOUT, Duration.ZERO);
  }
}
