package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.bytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.SaveFailedException;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;

/**
 * Retention appends delivered entries to {@code history/} through the same file seam as the save,
 * before it removes them from {@code queue.json} (issue 11, items 3 and 7). A failed append leaves
 * the queue as it was, the entries in it, and the history readable.
 */
class HistoryFaultTest {
  private static final Duration RETAIN = Duration.ofHours(1);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final FaultyFileOps ops = new FaultyFileOps();
  private QueueStore store;
  private String messageId;

  @BeforeEach
  void twoDeliveredEntriesReadyToRetire() {
    store = StoreFiles.open(dir, clock, ops);
    StoreFiles.register(store, clock, "alice", "bob");
    messageId = store.sends().send(SendRequest.broadcast("me", "to history")).messageId();
    deliverAll();
    clock.advance(RETAIN.plusMinutes(1));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void deliverAll() {
    var claims =
        store.leases().claim(ClaimRequest.processor("p1", "host", Duration.ofMinutes(1), 10, 10));
    store
        .leases()
        .settle(
            claims.stream()
                .flatMap(List::stream)
                .map(c -> new Completion(c.lease(), new Outcome.Delivered()))
                .toList());
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"CREATE_DIRECTORIES", "OPEN_APPEND", "WRITE", "FORCE"})
  void failedAppendLeavesTheQueueAsItWasAndTheNextRetireWorks(Step step) {
    byte[] queue = bytes(dir.resolve("queue.json"));
    ops.failOnce(step);

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> store.upkeep().retire(RETAIN));

    assertEquals(1, error.exitCode());
    assertTrue(error.getMessage().contains("history"), error.getMessage());
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertEquals(List.of("to history", "to history"), bodies(StoreFiles.open(dir, clock)));
    assertEquals(2, store.upkeep().retire(RETAIN));
    assertRetiredOnce();
  }

  @Test
  void failedSaveAfterTheAppendKeepsTheEntriesAndCountsEachOnceInHistory() {
    byte[] queue = bytes(dir.resolve("queue.json"));
    ops.failOnceAfter(Step.FORCE, 1);

    assertThrows(SaveFailedException.class, () -> store.upkeep().retire(RETAIN));

    assertSameBytes(queue, dir.resolve("queue.json"));
    assertEquals(2, store.upkeep().retire(RETAIN));
    assertRetiredOnce();
  }

  // A writer killed in the middle of an append leaves a line without its end; the entries were
  // still in queue.json, so the next append writes them again after it, on lines of their own.
  @Test
  void lineCutShortByAKilledWriterDoesNotSpoilTheHistory() throws IOException {
    Path day = dir.resolve("history").resolve("2026-01-01.jsonl");
    Files.createDirectories(day.getParent());
    Files.writeString(
        day,
        "{\"id\":\"cutshort\",\"messageId\":\"" + messageId + "\",\"recipient\":\"al",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);

    assertEquals(2, store.upkeep().retire(RETAIN));

    assertRetiredOnce();
    assertTrue(Files.readAllLines(day).stream().noneMatch(l -> l.contains("cutshort")));
  }

  private void assertRetiredOnce() {
    assertEquals(List.of(), bodies(store));
    var status = store.reports().message(messageId).orElseThrow();
    assertEquals(2, status.recipients().size());
    assertEquals(2, status.count(EntryState.DELIVERED));
    assertEquals("to history", status.body());
    assertEquals(2, store.reports().status().totals().delivered());
  }
}
