package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.QueueState;
import queue.core.store.FileQueueStore;
import queue.core.store.QueueStore.Result;

/**
 * A JVM saving in a tight loop is killed with SIGKILL at random moments, many times. After each
 * kill the file holds a whole generation, the last one the writer reported or the one it was
 * committing, and the next process takes the lock at once and cleans up after it.
 */
class KilledWriterIT {
  private static final int ROUNDS = 20;
  // Far below the 10 s default: a lock left behind by the dead writer would fail the update.
  private static final Duration SHORT_LOCK_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void fileHoldsOldOrNewStateAfterEveryKillAndTheLockIsFreeAtOnce() throws Exception {
    Random random = new Random();
    long reported = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      long target = reported + 1 + random.nextInt(40);
      ChildJvm writer = ChildJvm.start(SaveLoopMain.class, dir.toString());
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> savedIn(writer.lastLine()) >= target || !writer.process().isAlive());
      writer.kill();
      assertTrue(savedIn(writer.lastLine()) >= target, "writer died early: " + writer.lines());
      reported = savedIn(writer.lastLine());

      FileQueueStore next = FileQueueStore.open(dir, SHORT_LOCK_TIMEOUT);
      long onDisk = assertWholeGeneration(next.read().queue(), reported, round);
      next.update(
          current -> new Result<>(current.withQueue(SaveLoopMain.generation(onDisk)), null));
      assertEquals(List.of(), next.files().tempFiles(), "round " + round);
      reported = onDisk;
    }
  }

  private static long assertWholeGeneration(QueueState state, long reported, int round) {
    long n = state.deliveredTo(SaveLoopMain.COUNTER);
    assertTrue(
        n == reported || n == reported + 1,
        "round " + round + ": on disk " + n + ", last reported save " + reported);
    assertEquals(1, state.messages().size());
    assertEquals(SaveLoopMain.body(n), state.messages().get(0).body(), "round " + round);
    return n;
  }

  private static long savedIn(String line) {
    return line.startsWith("saved ") ? Long.parseLong(line.substring(6)) : 0;
  }
}
