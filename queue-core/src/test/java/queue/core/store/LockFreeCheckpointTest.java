package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.STATE_FILES;
import static queue.core.store.StoreFiles.assertOnly;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.journalLines;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.DefaultFileOps;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.files.HoldingFileOps;
import queue.core.model.QueueState;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/**
 * A checkpoint is written without the queue lock: while its file is fsynced, other writers commit,
 * and their records are carried into the journal that starts after it, once each. A checkpoint that
 * finds queue.json replaced meanwhile is dropped; a fault at any of its steps after a committed
 * change leaves that change standing and the files whole.
 */
class LockFreeCheckpointTest {
  // The fifth record of the journal makes it due for the writer (the other store keeps the
  // default policy, so it never checkpoints by itself here).
  static final CheckpointPolicy FIVE_RECORDS = new CheckpointPolicy(Long.MAX_VALUE, 5, 1000);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final HoldingFileOps held = HoldingFileOps.ofFilesNamed(".checkpoint-");

  @Test
  void sendsCommitWhileACheckpointIsFsyncedAndTheirRecordsAreCarriedOnce() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      List<String> sent = fourRecordsAfterACheckpoint(writer, other);
      CompletableFuture<Void> due = sendHeldInItsCheckpoint(writer, "due");

      // Were the lock held while the checkpoint file is fsynced, these would wait for it, and
      // give up after the lock timeout.
      for (int i = 1; i <= 3; i++) {
        send(other, "meanwhile " + i);
      }
      held.release();
      due.get(30, TimeUnit.SECONDS);

      sent.addAll(List.of("due", "meanwhile 1", "meanwhile 2", "meanwhile 3"));
      List<String> journal = journalLines(dir);
      assertEquals(4, journal.size(), "its first line, and the 3 records carried: " + journal);
      assertEquals(number(journal.get(0)) + 1, number(journal.get(1)));
      assertEquals(sent.subList(0, 5), bodiesIn(queueFileAlone(dir)));
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertEquals(sent, bodies(writer));
      assertEquals(sent, bodies(other));
      assertOnly(dir, STATE_FILES);
    }
  }

  // The other writer's last record was carried into the new journal: it keeps the state it holds
  // (the same objects) and reads only what follows, instead of parsing the new queue.json.
  @Test
  void writerWhoseLastRecordWasCarriedKeepsItsStateAcrossTheCheckpoint() throws Exception {
    FileSnapshotStore otherSnapshots = StoreFiles.snapshots(dir);
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.over(otherSnapshots, clock)) {
      List<String> sent = fourRecordsAfterACheckpoint(writer, other);
      CompletableFuture<Void> due = sendHeldInItsCheckpoint(writer, "due");
      send(other, "meanwhile");
      Object firstMessage = otherSnapshots.read().queue().messages().get(0);
      held.release();
      due.get(30, TimeUnit.SECONDS);

      send(other, "after");

      assertEquals(3, journalLines(dir).size(), "carried one, then one more");
      assertSame(firstMessage, otherSnapshots.read().queue().messages().get(0));
      sent.addAll(List.of("due", "meanwhile", "after"));
      assertEquals(sent, bodies(other));
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
    }
  }

  // A processor's orderly stop folds every change committed before it without the lock too; the
  // sends of others meanwhile follow in the journal.
  @Test
  void orderlyStopFoldsWhatCameBeforeItAndSendsMeanwhileFollowInTheJournal() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      List<String> sent = fourRecordsAfterACheckpoint(writer, other);
      CompletableFuture<Void> stop = CompletableFuture.runAsync(writer.upkeep()::checkpoint);
      held.awaitHolding();
      send(other, "meanwhile 1");
      send(other, "meanwhile 2");
      held.release();
      stop.get(30, TimeUnit.SECONDS);

      assertEquals(sent, bodiesIn(queueFileAlone(dir)));
      assertEquals(3, journalLines(dir).size(), journalLines(dir).toString());
      sent.addAll(List.of("meanwhile 1", "meanwhile 2"));
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertOnly(dir, STATE_FILES);
    }
  }

  // While one checkpoint is being written, another writer does not start a second: an orderly
  // stop folds under the lock instead, and the first, finding queue.json replaced, drops its file.
  @Test
  void checkpointThatFindsQueueFileReplacedIsDroppedWithItsFile() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      List<String> sent = fourRecordsAfterACheckpoint(writer, other);
      CompletableFuture<Void> due = sendHeldInItsCheckpoint(writer, "due");
      send(other, "meanwhile");
      other.upkeep().checkpoint();
      byte[] folded = StoreFiles.bytes(dir.resolve("queue.json"));

      held.release();
      due.get(30, TimeUnit.SECONDS);

      sent.addAll(List.of("due", "meanwhile"));
      StoreFiles.assertSameBytes(folded, dir.resolve("queue.json"));
      assertEquals(1, journalLines(dir).size());
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertEquals(sent, bodies(writer));
      assertOnly(dir, STATE_FILES);
    }
  }

  @Test
  void checkpointFileOfAWriterThatDiedIsRemovedByTheNextCheckpoint() throws IOException {
    try (QueueStore writer = StoreFiles.open(dir, clock, new DefaultFileOps(), FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      List<String> sent = fourRecordsAfterACheckpoint(writer, other);
      Files.writeString(dir.resolve("queue.json.checkpoint-0123abcd"), "{\"version\":1,");

      send(writer, "due");

      sent.add("due");
      assertEquals(1, journalLines(dir).size(), "folded");
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertOnly(dir, STATE_FILES);
    }
  }

  // The send that makes the journal due commits; its checkpoint then fails at one step: of the
  // checkpoint file (write, fsync), of its rename over queue.json (link, rename, directory fsync,
  // after which the old queue.json is put back), or of the journal's restart after it. The send
  // stands, the failure is logged, no file is left, and the next change folds or restarts.
  @ParameterizedTest
  @CsvSource({
    "WRITE, 0",
    "FORCE, 0",
    "LINK, 0",
    "MOVE, 0",
    "FORCE_DIRECTORY, 0",
    "WRITE, 1",
    "FORCE, 1",
    "LINK, 1",
    "MOVE, 1",
    "FORCE_DIRECTORY, 1"
  })
  void checkpointAfterACommittedSendThatFailsAtAStepLeavesTheSendAndTheFilesWhole(
      Step step, int skip) {
    FaultyFileOps ops = new FaultyFileOps();
    try (QueueStore writer = StoreFiles.open(dir, clock, ops, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock);
        LogCapture store = LogCapture.of(FileSnapshotStore.class);
        LogCapture checkpoints = LogCapture.of(Checkpoints.class)) {
      List<String> sent = fourRecordsAfterACheckpoint(writer, other);
      // The send's own append (one write, one fsync) comes first.
      int skipAppend = step == Step.WRITE || step == Step.FORCE ? 1 : 0;
      ops.failAfter(step, skip + skipAppend, step == Step.MOVE ? AtomicSave.MOVE_ATTEMPTS : 1);

      send(writer, "due");

      sent.add("due");
      assertEquals(
          1,
          store.messages(Level.WARN).size() + checkpoints.messages(Level.WARN).size(),
          store.events() + " " + checkpoints.events());
      assertOnly(dir, STATE_FILES);
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      ops.heal();
      send(writer, "next");
      sent.add("next");
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertTrue(journalLines(dir).size() <= 2, journalLines(dir).toString());
      assertOnly(dir, STATE_FILES);
    }
  }

  /**
   * Agents registered, a checkpoint, and four records sent by {@code other}: the writer's next
   * change makes the journal due. The bodies sent.
   */
  static List<String> fourRecordsAfterACheckpoint(QueueStore writer, QueueStore other) {
    StoreFiles.register(writer, MutableClock.startingAt("2026-01-01T00:00:00Z"), "alice", "bob");
    other.upkeep().checkpoint();
    List<String> sent = new ArrayList<>(List.of("m1", "m2", "m3", "m4"));
    sent.forEach(body -> send(other, body));
    return sent;
  }

  /** The writer's send of {@code body}, whose checkpoint is held in its file's fsync. */
  CompletableFuture<Void> sendHeldInItsCheckpoint(QueueStore writer, String body)
      throws InterruptedException {
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(writer, body));
    held.awaitHolding();
    return sending;
  }

  static void send(QueueStore store, String body) {
    store.sends().send(SendRequest.to(List.of("alice"), "me", body));
  }

  private static long number(String line) {
    return Long.parseLong(line.substring(0, line.indexOf(' ')));
  }

  static QueueState queueFileAlone(Path dir) {
    Path file = dir.resolve("queue.json");
    return new StateCodec().decodeQueue(file, StoreFiles.bytes(file)).value();
  }

  private static List<String> bodiesIn(QueueState state) {
    return state.messages().stream().map(m -> m.body()).toList();
  }
}
