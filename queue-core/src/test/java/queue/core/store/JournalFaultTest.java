package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.STATE_FILES;
import static queue.core.store.StoreFiles.assertOnly;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.bytes;
import static queue.core.store.StoreFiles.journalLines;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.SaveFailedException;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.model.EntryState;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/**
 * Faults at every step of an append to the journal, the commit of a send, a claim or a batch of
 * results. Each checks the three promises: the files are byte-identical (a failed append is cut
 * back), no temp file is left, and the store works on the next call. And each change costs one
 * append and one fsync, whatever it is.
 */
class JournalFaultTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final FaultyFileOps ops = new FaultyFileOps();
  private QueueStore store;
  private LogCapture log;

  @BeforeEach
  void queueWithTwoMessagesInTheJournal() {
    log = LogCapture.of(Journal.class);
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
      names = {"OPEN_APPEND", "WRITE", "FORCE"})
  void sendLeavesTheOldStateWhenAStepOfItsAppendFailsOnce(Step step) {
    ops.failOnce(step);

    assertSendFailsAndChangesNothing();
    assertNextSendWorks();
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"OPEN_APPEND", "WRITE", "FORCE"})
  void sendLeavesTheOldStateWhenAStepOfItsAppendAlwaysFails(Step step) {
    ops.fail(step, 2, () -> new IOException("injected failure at " + step));

    assertSendFailsAndChangesNothing();
    ops.heal();
    assertNextSendWorks();
  }

  @Test
  void sendLeavesTheOldStateWhenTheDiskIsFull() {
    ops.fail(Step.WRITE, 1, () -> new IOException("No space left on device"));

    SaveFailedException error = assertSendFailsAndChangesNothing();

    assertTrue(error.getMessage().contains("no space left on device"), error.getMessage());
    assertNextSendWorks();
  }

  @Test
  void broadcastToEveryAgentIsOneAppendAndOneFsync() {
    int forces = ops.calls(Step.FORCE);
    int moves = ops.calls(Step.MOVE);

    store.sends().send(SendRequest.broadcast("me", "to all or none"));

    assertEquals(1, ops.calls(Step.FORCE) - forces);
    assertEquals(0, ops.calls(Step.MOVE) - moves);
    assertEquals(List.of("first", "second", "to all or none", "to all or none"), bodies(store));
  }

  @Test
  void broadcastWhoseAppendFailsIsQueuedForNobody() {
    byte[] journal = bytes(dir.resolve(Journal.NAME));
    ops.failOnce(Step.FORCE);

    assertThrows(
        SaveFailedException.class,
        () -> store.sends().send(SendRequest.broadcast("me", "to all or none")));

    assertSameBytes(journal, dir.resolve(Journal.NAME));
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
  }

  @Test
  void claimAndItsResultsAreOneAppendEach() {
    int forces = ops.calls(Step.FORCE);
    int moves = ops.calls(Step.MOVE);

    List<Claim> claims = claimAll();
    assertEquals(1, ops.calls(Step.FORCE) - forces);
    store.leases().settle(delivered(claims));

    assertEquals(2, ops.calls(Step.FORCE) - forces);
    assertEquals(0, ops.calls(Step.MOVE) - moves);
    assertEquals(2, StoreFiles.open(dir, clock).reports().status().totals().delivered());
  }

  // A processor saves a batch of results again when its save failed: applied once, whole.
  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"OPEN_APPEND", "WRITE", "FORCE"})
  void resultsWhoseAppendFailedAreAppliedOnceWhenSavedAgain(Step step) {
    List<Claim> claims = claimAll();
    byte[] journal = bytes(dir.resolve(Journal.NAME));
    ops.failOnce(step);

    assertThrows(SaveFailedException.class, () -> store.leases().settle(delivered(claims)));
    assertSameBytes(journal, dir.resolve(Journal.NAME));
    assertEquals(
        List.of(EntryState.PROCESSING, EntryState.PROCESSING), states(StoreFiles.open(dir, clock)));

    assertEquals(2, store.leases().settle(delivered(claims)));
    assertEquals(0, store.leases().settle(delivered(claims)));
    QueueStore fresh = StoreFiles.open(dir, clock);
    assertEquals(List.of(EntryState.DELIVERED, EntryState.DELIVERED), states(fresh));
    assertEquals(2, fresh.reports().status().totals().delivered());
  }

  // A forced removal saves agents.json first, then appends its record, the commit point. When
  // the append fails, agents.json is put back: the removal did not happen at all.
  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE"})
  void forcedRemovalWhoseRecordFailsLeavesEveryFileAsItWas(Step step) {
    byte[] agents = bytes(dir.resolve("agents.json"));
    byte[] queue = bytes(dir.resolve("queue.json"));
    byte[] journal = bytes(dir.resolve(Journal.NAME));
    ops.failAfter(step, 1, 1);

    assertThrows(SaveFailedException.class, () -> store.agents().remove("alice", true));

    assertSameBytes(agents, dir.resolve("agents.json"));
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertSameBytes(journal, dir.resolve(Journal.NAME));
    assertOnly(dir, STATE_FILES);
    QueueStore fresh = StoreFiles.open(dir, clock);
    assertEquals(2, fresh.agents().list().size());
    assertEquals(List.of(EntryState.PENDING, EntryState.PENDING), states(fresh));
    store.agents().remove("alice", true);
    QueueStore after = StoreFiles.open(dir, clock);
    assertEquals(1, after.agents().list().size());
    assertEquals(List.of(EntryState.FAILED, EntryState.FAILED), states(after));
  }

  // The append's fsync fails, and so does cutting the record off again: the caller is told the
  // journal may hold it, as the atomic save says when its rollback fails.
  @Test
  void failedCutBackIsReported() {
    ops.fail(Step.FORCE, 2, () -> new IOException("injected failure at FORCE"));

    SaveFailedException error =
        assertThrows(SaveFailedException.class, () -> sendToAlice("unsure"));

    assertTrue(error.getMessage().contains("may hold the change"), error.getMessage());
    assertEquals(1, log.messages(Level.ERROR).size(), log.events().toString());
    assertOnly(dir, STATE_FILES);
    sendToAlice("after");
    assertEquals(List.of("first", "second", "after"), bodies(StoreFiles.open(dir, clock)));
  }

  private SaveFailedException assertSendFailsAndChangesNothing() {
    byte[] queue = bytes(dir.resolve("queue.json"));
    byte[] journal = bytes(dir.resolve(Journal.NAME));
    byte[] agents = bytes(dir.resolve("agents.json"));

    SaveFailedException error = assertThrows(SaveFailedException.class, () -> sendToAlice("lost"));

    assertEquals(1, error.exitCode());
    assertTrue(
        error.getMessage().contains(dir.resolve(Journal.NAME).toString()), error.getMessage());
    assertSameBytes(queue, dir.resolve("queue.json"));
    assertSameBytes(journal, dir.resolve(Journal.NAME));
    assertSameBytes(agents, dir.resolve("agents.json"));
    assertOnly(dir, STATE_FILES);
    assertEquals(List.of("first", "second"), bodies(StoreFiles.open(dir, clock)));
    return error;
  }

  private void assertNextSendWorks() {
    int lines = journalLines(dir).size();

    sendToAlice("third");

    assertEquals(lines + 1, journalLines(dir).size());
    assertEquals(List.of("first", "second", "third"), bodies(StoreFiles.open(dir, clock)));
    assertOnly(dir, STATE_FILES);
  }

  private List<Claim> claimAll() {
    return store
        .leases()
        .claim(ClaimRequest.processor("p1", "h", Duration.ofMinutes(1), 8, 8))
        .stream()
        .flatMap(List::stream)
        .toList();
  }

  private static List<Completion> delivered(List<Claim> claims) {
    return claims.stream().map(c -> new Completion(c.lease(), new Outcome.Delivered())).toList();
  }

  private static List<EntryState> states(QueueStore store) {
    return store.reports().list(null, null, 0).stream().map(v -> v.entry().state()).toList();
  }
}
