package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.QueueDirectory;
import queue.core.error.SaveFailedException;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.send.SendRequest;
import queue.core.store.FaultyFileOps;
import queue.core.store.FaultyFileOps.Step;
import queue.core.store.FileQueueStore;
import queue.core.store.StateCodec;
import queue.core.store.StateFiles;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.testing.FixedRandom;

/**
 * A save of the processor that fails (a full disk, a failed fsync) is reported and tried again: no
 * outcome is lost and no entry is left PENDING or PROCESSING.
 */
class ProcessorSaveFaultTest {
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final FaultyFileOps disk = new FaultyFileOps();

  @Test
  void anOutcomeWhoseSaveFailedIsSavedOnTheNextTryAndNoEntryIsLeftStuck() {
    queueThreeMessagesForAlice();
    // The claim's save works; the save of the delivery outcomes fails its fsync once.
    disk.failOnceAfter(Step.FORCE, 1);

    processorOnFaultyDisk().runOnce();

    assertEveryEntryDeliveredOnce();
  }

  @Test
  void aClaimWhoseSaveFailedOnAFullDiskIsClaimedAgainOnceTheDiskHasRoom() {
    queueThreeMessagesForAlice();
    disk.fail(Step.WRITE, 1, () -> new java.io.IOException("No space left on device"));

    SaveFailedException failure =
        assertThrows(SaveFailedException.class, () -> processorOnFaultyDisk().runOnce());
    assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
    assertEquals(
        List.of(EntryState.PENDING, EntryState.PENDING, EntryState.PENDING),
        QueueDirectory.open(dir, LOCK_TIMEOUT, Clock.systemUTC())
            .store()
            .read()
            .queue()
            .entries()
            .stream()
            .map(Entry::state)
            .toList());

    processorOnFaultyDisk().runOnce();

    assertEveryEntryDeliveredOnce();
  }

  private void queueThreeMessagesForAlice() {
    QueueDirectory setup = QueueDirectory.open(dir, LOCK_TIMEOUT, Clock.systemUTC());
    setup.agents().addInbox("alice", null);
    for (int i = 0; i < 3; i++) {
      setup.sender(1024).send(SendRequest.to(List.of("alice"), "me", "message " + i));
    }
  }

  private Processor processorOnFaultyDisk() {
    QueueDirectory queue =
        new QueueDirectory(
            new FileQueueStore(new StateFiles(dir, disk, LOCK_TIMEOUT), new StateCodec()),
            Clock.systemUTC());
    return new Processor(
        queue,
        ProcessorConfig.defaults("test-" + System.nanoTime()),
        Deliveries.standard(dir, LOCK_TIMEOUT),
        new RetryPolicy(queue.clock(), FixedRandom.middle(), 10));
  }

  private void assertEveryEntryDeliveredOnce() {
    QueueDirectory queue = QueueDirectory.open(dir, LOCK_TIMEOUT, Clock.systemUTC());
    List<Entry> entries = queue.store().read().queue().entries();
    assertEquals(3, entries.size());
    for (Entry entry : entries) {
      assertEquals(EntryState.DELIVERED, entry.state(), entry.toString());
      assertEquals(1, entry.attempts(), entry.toString());
      Path file = dir.resolve("inbox/alice/new/" + entry.id() + ".json");
      assertTrue(Files.exists(file), file.toString());
    }
    assertEquals(List.of(), queue.store().files().tempFiles());
  }
}
