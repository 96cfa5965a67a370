package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import queue.core.agents.AgentRegistry;
import queue.core.error.SaveFailedException;
import queue.core.send.SendRequest;
import queue.core.send.Sender;
import queue.core.store.FaultyFileOps.Step;
import queue.core.testing.MutableClock;

/**
 * Faults at every step of the locked atomic save. Each checks the three promises: the old file is
 * byte-identical, no temp file is left, and the store works on the next call.
 */
class SaveFaultTest {
  private static final Set<String> STATE_FILES =
      Set.of("queue.json", "queue.json.1", "agents.json", "queue.json.lock");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final FaultyFileOps ops = new FaultyFileOps();
  private FileQueueStore store;
  private Sender sender;

  @BeforeEach
  void queueWithOneMessage() {
    store = new FileQueueStore(new StateFiles(dir, ops, Duration.ofSeconds(2)), new StateCodec());
    sender = new Sender(store, clock, Sender.DEFAULT_MAX_BODY_BYTES);
    new AgentRegistry(store, clock).addInbox("alice", null);
    sender.send(SendRequest.to(List.of("alice"), "me", "first"));
    sender.send(SendRequest.to(List.of("alice"), "me", "second"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "FORCE_DIRECTORY", "LINK"})
  void saveLeavesOldStateWhenStepFailsOnce(Step step) throws IOException {
    ops.failOnce(step);

    assertSendFailsAndChangesNothing();
    assertNextSendWorks();
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void saveLeavesOldStateWhenStepAlwaysFails(Step step) throws IOException {
    ops.failAlways(step);

    assertSendFailsAndChangesNothing();
    assertSendFailsAndChangesNothing();
    ops.heal();
    assertNextSendWorks();
  }

  @Test
  void saveLeavesOldStateWhenDiskIsFull() throws IOException {
    ops.fail(Step.WRITE, 1, () -> new IOException("No space left on device"));

    SaveFailedException error = assertSendFailsAndChangesNothing();

    assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
    assertNextSendWorks();
  }

  @Test
  void refusedMoveIsRetriedAndTheSaveSucceeds() throws IOException {
    int movesBefore = ops.calls(Step.MOVE);
    ops.fail(Step.MOVE, 3, () -> new AccessDeniedException("queue.json", null, "file is open"));

    sender.send(SendRequest.to(List.of("alice"), "me", "third"));

    assertEquals(4, ops.calls(Step.MOVE) - movesBefore);
    assertEquals(3, store.read().queue().messages().size());
    assertOnlyStateFilesAreLeft();
  }

  @Test
  void saveGivesUpWhenEveryMoveIsRefused() throws IOException {
    ops.fail(
        Step.MOVE,
        Integer.MAX_VALUE,
        () -> new AccessDeniedException("queue.json", null, "file is open"));

    int movesBefore = ops.calls(Step.MOVE);

    assertSendFailsAndChangesNothing();

    assertTrue(ops.calls(Step.MOVE) - movesBefore > 1, "the refused move was retried");
  }

  @Test
  void firstSaveLeavesNoFileWhenDirectoryFsyncFails(@TempDir Path fresh) throws IOException {
    FileQueueStore empty =
        new FileQueueStore(new StateFiles(fresh, ops, Duration.ofSeconds(2)), new StateCodec());
    ops.failOnce(Step.FORCE_DIRECTORY);

    assertThrows(
        SaveFailedException.class, () -> new AgentRegistry(empty, clock).addInbox("bob", null));

    assertFalse(Files.exists(fresh.resolve("agents.json")));
    assertEquals(List.of(), empty.files().tempFiles());
    assertEquals("bob", new AgentRegistry(empty, clock).addInbox("bob", null).name());
  }

  // The rename was done but not made durable, and putting the old file back failed too: the
  // caller must hear of it, and the rollback's own temp file must not stay behind.
  @Test
  void failedRollbackLeavesNoTempFile() throws IOException {
    ops.failOnce(Step.FORCE_DIRECTORY);
    ops.failOnceAfter(Step.MOVE, 1);

    SaveFailedException error =
        assertThrows(
            SaveFailedException.class,
            () -> sender.send(SendRequest.to(List.of("alice"), "me", "unsure")));

    assertTrue(error.getMessage().contains("may hold the new one"), error.getMessage());
    assertOnlyStateFilesAreLeft();
    ops.heal();
    sender.send(SendRequest.to(List.of("alice"), "me", "after"));
    assertOnlyStateFilesAreLeft();
  }

  @Test
  void agentsFileIsUnchangedWhenItsSaveFails() throws IOException {
    byte[] before = Files.readAllBytes(dir.resolve("agents.json"));
    ops.failOnce(Step.FORCE);

    SaveFailedException error =
        assertThrows(
            SaveFailedException.class, () -> new AgentRegistry(store, clock).addInbox("bob", null));

    assertEquals(1, error.exitCode());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("agents.json")));
    assertOnlyStateFilesAreLeft();
    new AgentRegistry(store, clock).addInbox("bob", null);
    assertEquals(2, store.read().agents().size());
  }

  private SaveFailedException assertSendFailsAndChangesNothing() throws IOException {
    byte[] before = Files.readAllBytes(dir.resolve("queue.json"));

    SaveFailedException error =
        assertThrows(
            SaveFailedException.class,
            () -> sender.send(SendRequest.to(List.of("alice"), "me", "lost")));

    assertEquals(1, error.exitCode());
    assertTrue(error.getMessage().contains(dir.resolve("queue.json").toString()));
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("queue.json")));
    assertOnlyStateFilesAreLeft();
    assertEquals(2, freshStore().read().queue().messages().size());
    return error;
  }

  private void assertNextSendWorks() throws IOException {
    sender.send(SendRequest.to(List.of("alice"), "me", "third"));

    List<String> bodies =
        freshStore().read().queue().messages().stream().map(m -> m.body()).toList();
    assertEquals(List.of("first", "second", "third"), bodies);
    assertOnlyStateFilesAreLeft();
  }

  private void assertOnlyStateFilesAreLeft() throws IOException {
    assertEquals(List.of(), store.files().tempFiles());
    try (Stream<Path> listing = Files.list(dir)) {
      Set<String> names = listing.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
      assertTrue(STATE_FILES.containsAll(names), "unexpected files: " + names);
    }
  }

  // A store that has never cached anything: what the next process would see.
  private FileQueueStore freshStore() {
    return FileQueueStore.open(dir, Duration.ofSeconds(2));
  }
}
