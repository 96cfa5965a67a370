package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.assertOnly;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.bytes;

import ch.qos.logback.classic.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.SaveFailedException;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.model.EntryState;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/**
 * Faults at every step of the locked atomic save. Each checks the three promises: the old files are
 * byte-identical, no temp file is left, and the store works on the next call.
 */
class SaveFaultTest {
  private static final Set<String> STATE_FILES =
      Set.of("queue.json", "queue.json.1", "agents.json", "agents.json.1", "queue.json.lock");
  private static final List<Step> SAVE_STEPS =
      List.of(Step.WRITE, Step.FORCE, Step.MOVE, Step.FORCE_DIRECTORY, Step.LINK);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final FaultyFileOps ops = new FaultyFileOps();
  private QueueStore store;
  private LogCapture log;

  @BeforeEach
  void queueWithTwoMessages() {
    log = LogCapture.of(AtomicSave.class);
    store = StoreFiles.open(dir, clock, ops);
    StoreFiles.register(store, clock, "alice", "bob");
    sendToAlice("first");
    sendToAlice("second");
  }

  @AfterEach
  void close() {
    store.close();
    log.close();
  }

  private void sendToAlice(String body) {
    store.sends().send(SendRequest.to(List.of("alice"), "me", body));
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "FORCE_DIRECTORY", "LINK"})
  void saveLeavesTheOldStateWhenAStepFailsOnce(Step step) {
    ops.failOnce(step);

    assertSendFailsAndChangesNothing();
    assertNextSendWorks();
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "MOVE", "FORCE_DIRECTORY", "LINK"})
  void saveLeavesTheOldStateWhenAStepAlwaysFails(Step step) {
    ops.failAlways(step);

    assertSendFailsAndChangesNothing();
    assertSendFailsAndChangesNothing();
    ops.heal();
    assertNextSendWorks();
  }

  @Test
  void saveLeavesTheOldStateWhenTheDiskIsFull() {
    ops.fail(Step.WRITE, 1, () -> new java.io.IOException("No space left on device"));

    SaveFailedException error = assertSendFailsAndChangesNothing();

    assertTrue(error.getMessage().contains("no space left on device"), error.getMessage());
    assertNextSendWorks();
  }

  @Test
  void broadcastWhoseSaveFailsIsQueuedForNobody() {
    byte[] before = bytes(dir.resolve("queue.json"));
    ops.failOnce(Step.FORCE);

    assertThrows(
        SaveFailedException.class,
        () -> store.sends().send(SendRequest.broadcast("me", "to all or none")));

    assertSameBytes(before, dir.resolve("queue.json"));
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
  }

  @Test
  void broadcastIsOneSave() {
    int moves = ops.calls(Step.MOVE);

    store.sends().send(SendRequest.broadcast("me", "one save"));

    assertEquals(1, ops.calls(Step.MOVE) - moves);
  }

  @Test
  void refusedRenameIsRetriedAndTheSaveSucceeds() {
    int movesBefore = ops.calls(Step.MOVE);
    ops.fail(Step.MOVE, 3, () -> new AccessDeniedException("queue.json", null, "file is open"));

    sendToAlice("third");

    assertEquals(4, ops.calls(Step.MOVE) - movesBefore);
    assertEquals(List.of("first", "second", "third"), bodies(store));
    assertOnly(dir, STATE_FILES);
  }

  @Test
  void saveGivesUpWhenEveryRenameIsRefused() {
    ops.fail(
        Step.MOVE,
        Integer.MAX_VALUE,
        () -> new AccessDeniedException("queue.json", null, "file is open"));
    int movesBefore = ops.calls(Step.MOVE);

    assertSendFailsAndChangesNothing();

    assertTrue(ops.calls(Step.MOVE) - movesBefore > 1, "the refused rename was retried");
  }

  @Test
  void firstSaveInANewDirectoryLeavesNoFileWhenTheDirectoryFsyncFails(@TempDir Path fresh) {
    try (QueueStore empty = StoreFiles.open(fresh, clock, ops)) {
      ops.failOnce(Step.FORCE_DIRECTORY);

      assertThrows(SaveFailedException.class, () -> StoreFiles.register(empty, clock, "carol"));

      assertFalse(Files.exists(fresh.resolve("agents.json")));
      assertFalse(Files.exists(fresh.resolve("queue.json")));
      assertOnly(fresh, STATE_FILES);
      StoreFiles.register(empty, clock, "carol");
      assertEquals("carol", empty.agents().list().get(0).name());
    }
  }

  // The rename was done but not made durable, and putting the old file back failed too: the
  // caller hears of it, and the rollback's own temp file does not stay behind.
  @Test
  void failedRollbackIsReportedAndLeavesNoTempFile() {
    ops.failOnce(Step.FORCE_DIRECTORY);
    ops.failOnceAfter(Step.MOVE, 1);

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> sendToAlice("unsure"));

    assertTrue(error.getMessage().contains("may hold the new one"), error.getMessage());
    assertEquals(1, log.messages(Level.ERROR).size(), log.events().toString());
    assertOnly(dir, STATE_FILES);
    ops.heal();
    sendToAlice("after");
    assertOnly(dir, STATE_FILES);
  }

  @Test
  void agentsFileIsUnchangedWhenItsSaveFails() {
    byte[] agents = bytes(dir.resolve("agents.json"));
    byte[] queue = bytes(dir.resolve("queue.json"));
    ops.failOnce(Step.FORCE);

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> StoreFiles.register(store, clock, "carol"));

    assertEquals(1, error.exitCode());
    assertSameBytes(agents, dir.resolve("agents.json"));
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertOnly(dir, STATE_FILES);
    StoreFiles.register(store, clock, "carol");
    assertEquals(3, StoreFiles.open(dir, clock).agents().list().size());
  }

  // A forced removal changes both files: agents.json is saved first, then queue.json. When the
  // second save fails, the first is undone, so the removal did not happen at all.
  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "MOVE", "FORCE_DIRECTORY", "LINK"})
  void forcedRemovalWhoseQueueSaveFailsLeavesBothFilesAsTheyWere(Step step) {
    byte[] agents = bytes(dir.resolve("agents.json"));
    byte[] queue = bytes(dir.resolve("queue.json"));
    // The agents.json save takes one call of each step; a refused rename is tried again.
    ops.failAfter(step, 1, step == Step.MOVE ? AtomicSave.MOVE_ATTEMPTS : 1);

    assertThrows(SaveFailedException.class, () -> store.agents().remove("alice", true));

    assertSameBytes(agents, dir.resolve("agents.json"));
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertOnly(dir, STATE_FILES);
    QueueStore fresh = StoreFiles.open(dir, clock);
    assertEquals(List.of("alice", "bob"), names(fresh));
    assertTrue(
        fresh.reports().list(null, "alice", 0).stream()
            .allMatch(v -> v.entry().state() == EntryState.PENDING));
    store.agents().remove("alice", true);
    assertEquals(List.of("bob"), names(StoreFiles.open(dir, clock)));
  }

  private static List<String> names(QueueStore store) {
    return store.agents().list().stream().map(a -> a.name()).toList();
  }

  private SaveFailedException assertSendFailsAndChangesNothing() {
    byte[] queue = bytes(dir.resolve("queue.json"));
    byte[] agents = bytes(dir.resolve("agents.json"));

    SaveFailedException error = assertThrows(SaveFailedException.class, () -> sendToAlice("lost"));

    assertEquals(1, error.exitCode());
    assertTrue(
        error.getMessage().contains(dir.resolve("queue.json").toString()), error.getMessage());
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertSameBytes(agents, dir.resolve("agents.json"));
    assertOnly(dir, STATE_FILES);
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
    return error;
  }

  private void assertNextSendWorks() {
    sendToAlice("third");

    assertEquals(List.of("first", "second", "third"), bodies(StoreFiles.open(dir, clock)));
    assertOnly(dir, STATE_FILES);
  }
}
