package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.error.SaveFailedException;
import queue.core.files.DefaultFileOps;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.store.FileStore;
import queue.core.testing.MutableClock;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.DeliveryListener;
import queue.processor.testing.FixedRandom;
import queue.processor.testing.LogCapture;
import queue.processor.testing.ManualScheduling;
import queue.processor.testing.TestQueue;

/**
 * A save of the processor on the file store that fails (a full disk, a failed fsync) is reported
 * and tried again: no outcome is lost, no entry is left PENDING or PROCESSING, no temp file stays.
 */
class ProcessorSaveFaultTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final FaultyFileOps disk = new FaultyFileOps();

  @Test
  void anOutcomeWhoseSaveFailedIsSavedOnTheNextTryAndNoEntryIsLeftStuck() throws IOException {
    queueThreeMessagesForAlice();
    // The claim's save works; the save of the delivery outcomes fails its fsync once.
    disk.failOnceAfter(Step.FORCE, 1);

    runOnceOnFaultyDisk();

    assertEveryEntryDeliveredOnce();
    List<String> lost = logs.lines(Level.WARN, "lost the store");
    assertEquals(1, lost.size());
    assertTrue(lost.get(0).contains("injected failure at FORCE"), lost.get(0));
    assertEquals(1, logs.lines(Level.INFO, "is back").size());
  }

  @Test
  void aClaimWhoseSaveFailedOnAFullDiskIsClaimedAgainOnceTheDiskHasRoom() throws IOException {
    queueThreeMessagesForAlice();
    disk.fail(Step.WRITE, 1, () -> new IOException("No space left on device"));

    SaveFailedException failure =
        assertThrows(SaveFailedException.class, this::runOnceOnFaultyDisk);
    assertTrue(failure.getMessage().contains("no space left on device"), failure.getMessage());
    try (TestQueue queue = TestQueue.inDirectory(dir, clock)) {
      assertEquals(
          List.of(EntryState.PENDING, EntryState.PENDING, EntryState.PENDING),
          queue.entries().stream().map(Entry::state).toList());
    }

    runOnceOnFaultyDisk();

    assertEveryEntryDeliveredOnce();
  }

  private void queueThreeMessagesForAlice() {
    try (TestQueue setup = TestQueue.inDirectory(dir, clock)) {
      setup.addInbox("alice");
      for (int i = 0; i < 3; i++) {
        setup.send("message " + i, "alice");
      }
    }
  }

  private void runOnceOnFaultyDisk() {
    try (QueueStore store = FileStore.open(dir, OpenOptions.defaults(clock), disk)) {
      DeliveryRules rules =
          new DeliveryRules(
              Deliveries.standard(dir, new DefaultFileOps(), Duration.ofSeconds(5), clock),
              Duration.ofSeconds(5),
              new RetryPolicy(clock, FixedRandom.middle(), 10),
              DeliveryListener.NONE);
      new Processor(
              store,
              ProcessorConfig.defaults("test-" + System.nanoTime(), "host-1"),
              rules,
              new ManualScheduling(clock).scheduling())
          .runOnce();
    }
  }

  private void assertEveryEntryDeliveredOnce() throws IOException {
    try (TestQueue queue = TestQueue.inDirectory(dir, clock)) {
      List<Entry> entries = queue.entries();
      assertEquals(3, entries.size());
      for (Entry entry : entries) {
        assertEquals(EntryState.DELIVERED, entry.state(), entry.toString());
        assertEquals(1, entry.attempts(), entry.toString());
        Path file = dir.resolve("inbox/alice/new/" + entry.id() + ".json");
        assertTrue(Files.exists(file), file.toString());
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(), files.filter(f -> f.getFileName().toString().contains(".tmp-")).toList());
    }
  }
}
