package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.STATE_FILES;
import static queue.core.store.StoreFiles.assertOnly;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.bytes;
import static queue.core.store.StoreFiles.journalLines;

import ch.qos.logback.classic.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/**
 * Faults at every step of the locked atomic save: of {@code queue.json} and then of the journal in
 * a checkpoint, and of {@code agents.json} in an agent change. Each checks the three promises: the
 * old files are byte-identical (or, when only the journal's restart failed, hold the same state),
 * no temp file is left, and the store works on the next call.
 */
class SaveFaultTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final FaultyFileOps ops = new FaultyFileOps();
  private QueueStore store;
  private LogCapture saves;
  private LogCapture checkpoints;

  // The two sends are records in the journal: the checkpoints below fold them into queue.json.
  @BeforeEach
  void queueWithTwoMessagesInTheJournal() {
    saves = LogCapture.of(AtomicSave.class);
    checkpoints = LogCapture.of(Checkpoints.class);
    store = StoreFiles.open(dir, clock, ops);
    StoreFiles.register(store, clock, "alice", "bob");
    sendToAlice("first");
    sendToAlice("second");
  }

  @AfterEach
  void close() {
    store.close();
    checkpoints.close();
    saves.close();
  }

  private void sendToAlice(String body) {
    store.sends().send(SendRequest.to(List.of("alice"), "me", body));
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "FORCE_DIRECTORY", "LINK"})
  void checkpointLeavesTheOldFilesWhenAStepFailsOnce(Step step) {
    ops.failOnce(step);

    assertCheckpointFailsAndChangesNothing();
    assertNextCheckpointWorks();
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "MOVE", "FORCE_DIRECTORY", "LINK"})
  void checkpointLeavesTheOldFilesWhenAStepAlwaysFails(Step step) {
    ops.failAlways(step);

    assertCheckpointFailsAndChangesNothing();
    assertCheckpointFailsAndChangesNothing();
    ops.heal();
    assertNextCheckpointWorks();
  }

  // queue.json is saved (the checkpoint's commit point), then the journal's restart fails: the
  // old journal stays, and every record in it is one queue.json now holds, so nothing is read
  // twice (LockFreeCheckpointTest reads it so); the checkpoint's last step, under the lock,
  // starts the journal again.
  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "MOVE", "FORCE_DIRECTORY", "LINK"})
  void checkpointWhoseJournalRestartFailsOnceLosesAndRepeatsNothing(Step step) {
    ops.failAfter(step, 1, step == Step.MOVE ? AtomicSave.MOVE_ATTEMPTS : 1);

    store.upkeep().checkpoint();

    assertEquals(1, checkpoints.messages(Level.WARN).size(), checkpoints.events().toString());
    assertEquals(1, journalLines(dir).size(), "restarted after all");
    assertOnly(dir, STATE_FILES);
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
    ops.heal();
    sendToAlice("third");
    assertEquals(2, journalLines(dir).size(), "one record");
    assertEquals(List.of("first", "second", "third"), bodies(StoreFiles.open(dir, clock)));
  }

  @Test
  void checkpointLeavesTheOldFilesWhenTheDiskIsFull() {
    ops.fail(Step.WRITE, 1, () -> new java.io.IOException("No space left on device"));

    SaveFailedException error = assertCheckpointFailsAndChangesNothing();

    assertTrue(error.getMessage().contains("no space left on device"), error.getMessage());
    assertNextCheckpointWorks();
  }

  @Test
  void refusedRenameIsRetriedAndTheCheckpointSucceeds() {
    int movesBefore = ops.calls(Step.MOVE);
    ops.fail(Step.MOVE, 3, () -> new AccessDeniedException("queue.json", null, "file is open"));

    store.upkeep().checkpoint();

    assertEquals(5, ops.calls(Step.MOVE) - movesBefore, "4 for queue.json, 1 for the journal");
    assertEquals(List.of("first", "second"), bodies(store));
    assertOnly(dir, STATE_FILES);
  }

  @Test
  void checkpointGivesUpWhenEveryRenameIsRefused() {
    ops.fail(
        Step.MOVE,
        Integer.MAX_VALUE,
        () -> new AccessDeniedException("queue.json", null, "file is open"));
    int movesBefore = ops.calls(Step.MOVE);

    assertCheckpointFailsAndChangesNothing();

    assertTrue(ops.calls(Step.MOVE) - movesBefore > 1, "the refused rename was retried");
  }

  @Test
  void firstSaveInANewDirectoryLeavesNoFileWhenTheDirectoryFsyncFails(@TempDir Path fresh) {
    try (QueueStore empty = StoreFiles.open(fresh, clock, ops)) {
      ops.failOnce(Step.FORCE_DIRECTORY);

      assertThrows(SaveFailedException.class, () -> StoreFiles.register(empty, clock, "carol"));

      assertFalse(Files.exists(fresh.resolve("agents.json")));
      assertFalse(Files.exists(fresh.resolve("queue.json")));
      assertFalse(Files.exists(fresh.resolve(Journal.NAME)));
      assertOnly(fresh, STATE_FILES);
      StoreFiles.register(empty, clock, "carol");
      assertEquals("carol", empty.agents().list().get(0).name());
    }
  }

  // The first transaction of a directory saves agents.json, then queue.json (there is no journal
  // to append to yet; no file is there to keep as a generation). When the second save fails, the
  // first is undone: no agent was registered.
  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "MOVE", "FORCE_DIRECTORY"})
  void firstRegistrationWhoseQueueSaveFailsRegistersNobody(Step step, @TempDir Path fresh) {
    try (QueueStore empty = StoreFiles.open(fresh, clock, ops)) {
      ops.failAfter(step, 1, step == Step.MOVE ? AtomicSave.MOVE_ATTEMPTS : 1);

      assertThrows(SaveFailedException.class, () -> StoreFiles.register(empty, clock, "carol"));

      assertOnly(fresh, STATE_FILES);
      ops.heal();
      assertEquals(List.of(), StoreFiles.open(fresh, clock).agents().list());
      StoreFiles.register(empty, clock, "carol");
      assertEquals("carol", StoreFiles.open(fresh, clock).agents().list().get(0).name());
    }
  }

  // The rename was done but not made durable, and putting the old file back failed too: the
  // caller hears of it, and the rollback's own temp file does not stay behind.
  @Test
  void failedRollbackIsReportedAndLeavesNoTempFile() {
    ops.failOnce(Step.FORCE_DIRECTORY);
    ops.failOnceAfter(Step.MOVE, 1);

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> store.upkeep().checkpoint());

    assertTrue(error.getMessage().contains("may hold the new one"), error.getMessage());
    assertEquals(1, saves.messages(Level.ERROR).size(), saves.events().toString());
    assertOnly(dir, STATE_FILES);
    ops.heal();
    sendToAlice("after");
    assertOnly(dir, STATE_FILES);
    assertEquals(List.of("first", "second", "after"), bodies(StoreFiles.open(dir, clock)));
  }

  @Test
  void agentsFileIsUnchangedWhenItsSaveFails() {
    byte[] agents = bytes(dir.resolve("agents.json"));
    byte[] queue = bytes(dir.resolve("queue.json"));
    byte[] journal = bytes(dir.resolve(Journal.NAME));
    ops.failOnce(Step.FORCE);

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> StoreFiles.register(store, clock, "carol"));

    assertEquals(1, error.exitCode());
    assertSameBytes(agents, dir.resolve("agents.json"));
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertSameBytes(journal, dir.resolve(Journal.NAME));
    assertOnly(dir, STATE_FILES);
    StoreFiles.register(store, clock, "carol");
    assertEquals(3, StoreFiles.open(dir, clock).agents().list().size());
  }

  private SaveFailedException assertCheckpointFailsAndChangesNothing() {
    byte[] queue = bytes(dir.resolve("queue.json"));
    byte[] journal = bytes(dir.resolve(Journal.NAME));
    byte[] agents = bytes(dir.resolve("agents.json"));

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> store.upkeep().checkpoint());

    assertEquals(1, error.exitCode());
    assertTrue(
        error.getMessage().contains(dir.resolve("queue.json").toString()), error.getMessage());
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertSameBytes(journal, dir.resolve(Journal.NAME));
    assertSameBytes(agents, dir.resolve("agents.json"));
    assertOnly(dir, STATE_FILES);
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
    return error;
  }

  // After a checkpoint queue.json alone holds the state: the journal has only its first line.
  private void assertNextCheckpointWorks() {
    store.upkeep().checkpoint();

    assertEquals(1, journalLines(dir).size(), journalLines(dir).toString());
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
    assertOnly(dir, STATE_FILES);
    sendToAlice("third");
    assertEquals(List.of("first", "second", "third"), bodies(StoreFiles.open(dir, clock)));
  }
}
