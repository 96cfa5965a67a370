package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.store.FileSnapshotStore;
import queue.core.store.FileStore;
import queue.core.store.StateFiles;
import queue.core.testing.LogCapture;
import queue.core.testing.TestAgents;

/**
 * A JVM writing in a tight loop (sends, claims, results, and agent changes that touch both state
 * files; a checkpoint every few records) is killed with SIGKILL at random moments, many times.
 * After each kill the store holds the state after the last transaction the writer reported or after
 * the one it was committing, never a mix, and nothing applied twice (each agent's delivered count
 * is its DELIVERED entries); the next process takes the lock at once, and its first save cleans up
 * after the dead one.
 */
class KilledWriterIT {
  private static final int ROUNDS = 20;
  // The writer folds its journal into queue.json every few records: kills land in checkpoints.
  private static final int CHECKPOINT_EVERY = 3;
  // Far below the 10 s default: a lock left behind by the dead writer would fail the write.
  private static final Duration SHORT_LOCK_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void storeHoldsTheOldOrTheNewStateAfterEveryKillAndTheLockIsFreeAtOnce() throws Exception {
    Clock clock = Clock.systemUTC();
    TestAgents requests = new TestAgents("it");
    try (QueueStore setup = open()) {
      setup.agents().add(requests.inbox("alice", null, clock.instant()));
      setup.agents().add(requests.inbox("bob", null, clock.instant()));
    }
    Random random = new Random();
    try (LogCapture saves = LogCapture.ofPackage(StateFiles.class);
        LogCapture repairs = LogCapture.of(FileSnapshotStore.class)) {
      for (int round = 1; round <= ROUNDS; round++) {
        long sentBefore = messages(dir);
        long target = 1 + random.nextInt(40);
        ChildJvm writer =
            ChildJvm.start(SaveLoopMain.class, dir.toString(), String.valueOf(CHECKPOINT_EVERY));
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> done(writer.lastLine()) >= target || !writer.process().isAlive());
        writer.kill();
        long reported = done(writer.lastLine());
        assertTrue(reported >= target, "writer died early: " + writer.lines());

        try (QueueStore next = open()) {
          assertWholeState(next.transfer().exportAll(), sentBefore, reported, round);
          if (next.agents().find("bob").isEmpty()) {
            next.agents().add(requests.inbox("bob", null, clock.instant()));
          }
          next.sends().send(SendRequest.to(List.of("alice"), "test", "round " + round));
          assertEquals(Set.of(), tempFiles(dir), "round " + round);
        }
      }
      // Repairs of a kill between the two saves of an agent change are warnings, never errors.
      assertEquals(List.of(), saves.messages(Level.ERROR));
      assertEquals(List.of(), repairs.messages(Level.ERROR));
    }
  }

  private static void assertWholeState(
      ExportDocument state, long sentBefore, long reported, int round) {
    long sent = state.messages().stream().filter(m -> m.sender().equals("loop")).count();
    boolean bob = state.agents().stream().anyMatch(a -> a.name().equals("bob"));
    boolean asReported =
        sent == sentBefore + SaveLoopMain.sends(reported)
            && bob == SaveLoopMain.bobRegistered(reported);
    boolean oneMore =
        sent == sentBefore + SaveLoopMain.sends(reported + 1)
            && bob == SaveLoopMain.bobRegistered(reported + 1);
    assertTrue(
        asReported || oneMore,
        "round "
            + round
            + ": "
            + sent
            + " sends, bob "
            + (bob ? "registered" : "removed")
            + " after "
            + reported
            + " reported transactions");
    Set<String> registered = state.agents().stream().map(Agent::name).collect(Collectors.toSet());
    for (Entry entry : state.entries()) {
      assertTrue(
          entry.state().isTerminal() || registered.contains(entry.recipient()),
          "round " + round + ": " + entry.state() + " entry for unregistered " + entry.recipient());
    }
    Map<String, Long> deliveredEntries =
        state.entries().stream()
            .filter(e -> e.state() == EntryState.DELIVERED)
            .collect(Collectors.groupingBy(Entry::recipient, Collectors.counting()));
    assertEquals(deliveredEntries, state.delivered(), "round " + round + ": delivered counts");
  }

  private long messages(Path directory) {
    try (QueueStore store = open()) {
      return store.transfer().exportAll().messages().stream()
          .filter(m -> m.sender().equals("loop"))
          .count();
    }
  }

  private QueueStore open() {
    return FileStore.open(
        dir,
        OpenOptions.defaults(Clock.systemUTC()).withTimeouts(SHORT_LOCK_TIMEOUT, Duration.ZERO));
  }

  private static Set<String> tempFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".tmp-") || n.contains(".checkpoint-"))
          .collect(Collectors.toSet());
    }
  }

  private static long done(String line) {
    return line.startsWith("done ") ? Long.parseLong(line.substring(5)) : 0;
  }
}
