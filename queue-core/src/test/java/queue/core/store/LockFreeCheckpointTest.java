package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.STATE_FILES;
import static queue.core.store.StoreFiles.assertOnly;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.journalLines;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.DefaultFileOps;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.files.FileOps;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/**
 * A checkpoint is written without the queue lock: while its file is fsynced, other writers commit,
 * and their records are carried into the journal that starts after it, once each. A checkpoint that
 * finds queue.json replaced meanwhile is dropped; a fault at any of its steps after a committed
 * change leaves that change standing and the files whole.
 */
class LockFreeCheckpointTest {
  // The fifth record of the checkpointing writer's journal makes it due.
  private static final CheckpointPolicy FIVE_RECORDS =
      new CheckpointPolicy(Long.MAX_VALUE, 5, 1000);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final HeldCheckpointFsync held = new HeldCheckpointFsync();

  @Test
  void sendsCommitWhileACheckpointIsFsyncedAndTheirRecordsAreCarriedOnce() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      List<String> sent = sendFour(writer);
      held.arm();
      CompletableFuture<Void> due = sendAsync(writer, "due");
      held.awaitReached();

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
      assertEquals(
          sent.subList(0, 5), queueFileAlone().messages().stream().map(m -> m.body()).toList());
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertEquals(sent, bodies(writer));
      assertEquals(sent, bodies(other));
      assertOnly(dir, STATE_FILES);
      assertEquals(List.of(), checkpointFilesIn(dir, ".checkpoint-"));
    }
  }

  // A processor's orderly stop folds every change committed before it without the lock too; the
  // sends of others meanwhile follow in the journal.
  @Test
  void orderlyStopFoldsWhatCameBeforeItAndSendsMeanwhileFollowInTheJournal() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      List<String> sent = sendFour(writer);
      held.arm();
      CompletableFuture<Void> stop = CompletableFuture.runAsync(writer.upkeep()::checkpoint);
      held.awaitReached();
      send(other, "meanwhile 1");
      send(other, "meanwhile 2");
      held.release();
      stop.get(30, TimeUnit.SECONDS);

      assertEquals(sent, queueFileAlone().messages().stream().map(m -> m.body()).toList());
      assertEquals(3, journalLines(dir).size(), journalLines(dir).toString());
      sent.addAll(List.of("meanwhile 1", "meanwhile 2"));
      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertOnly(dir, STATE_FILES);
    }
  }

  // The generations queue.json.1 and queue.json.journal.1 overlap by the records carried:
  // doctor's way back from a damaged queue.json takes each of them once.
  @Test
  void doctorsWayBackTakesTheCarriedRecordsOnce() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      List<String> sent = sendFour(writer);
      held.arm();
      CompletableFuture<Void> due = sendAsync(writer, "due");
      held.awaitReached();
      send(other, "carried 1");
      send(other, "carried 2");
      held.release();
      due.get(30, TimeUnit.SECONDS);
      send(other, "after");
      sent.addAll(List.of("due", "carried 1", "carried 2", "after"));
      assertAllOk(other.diagnostics().diagnose());

      Files.writeString(dir.resolve("queue.json"), "{\"version\":1,");
      Finding queue = finding(other.diagnostics().diagnose(), "queue.json");
      assertTrue(queue.message().contains("nothing is lost"), queue.message());
      runShellSteps(queue.fix());

      assertEquals(sent, bodies(StoreFiles.open(dir, clock)));
      assertAllOk(StoreFiles.open(dir, clock).diagnostics().diagnose());
    }
  }

  // While one checkpoint is being written, another writer does not start a second: an orderly
  // stop folds under the lock instead, and the first, finding queue.json replaced, drops its file.
  @Test
  void checkpointThatFindsQueueFileReplacedIsDroppedWithItsFile() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock, held, FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      List<String> sent = sendFour(writer);
      held.arm();
      CompletableFuture<Void> due = sendAsync(writer, "due");
      held.awaitReached();
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
      assertEquals(List.of(), checkpointFilesIn(dir, ".checkpoint-"));
    }
  }

  @Test
  void checkpointFileOfAWriterThatDiedIsRemovedByTheNextCheckpoint() throws IOException {
    try (QueueStore writer = StoreFiles.open(dir, clock, new DefaultFileOps(), FIVE_RECORDS)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      List<String> sent = sendFour(writer);
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
    "WRITE, 1",
    "FORCE, 1",
    "LINK, 0",
    "MOVE, 0",
    "FORCE_DIRECTORY, 0",
    "WRITE, 2",
    "FORCE, 2",
    "LINK, 1",
    "MOVE, 1",
    "FORCE_DIRECTORY, 1"
  })
  void checkpointAfterACommittedSendThatFailsAtAStepLeavesTheSendAndTheFilesWhole(
      Step step, int skip) {
    FaultyFileOps ops = new FaultyFileOps();
    try (QueueStore writer = StoreFiles.open(dir, clock, ops, FIVE_RECORDS);
        LogCapture store = LogCapture.of(FileSnapshotStore.class);
        LogCapture checkpoints = LogCapture.of(Checkpoints.class)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      List<String> sent = sendFour(writer);
      ops.failAfter(step, skip, step == Step.MOVE ? AtomicSave.MOVE_ATTEMPTS : 1);

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

  // After a checkpoint, four records: the next change makes the journal due.
  private List<String> sendFour(QueueStore store) {
    store.upkeep().checkpoint();
    List<String> sent = new ArrayList<>();
    IntStream.rangeClosed(1, 4).forEach(i -> sent.add("m" + i));
    sent.forEach(body -> send(store, body));
    assertEquals(5, journalLines(dir).size());
    return sent;
  }

  private static CompletableFuture<Void> sendAsync(QueueStore store, String body) {
    return CompletableFuture.runAsync(() -> send(store, body));
  }

  private static void send(QueueStore store, String body) {
    store.sends().send(SendRequest.to(List.of("alice"), "me", body));
  }

  private static long number(String line) {
    return Long.parseLong(line.substring(0, line.indexOf(' ')));
  }

  private queue.core.model.QueueState queueFileAlone() {
    Path file = dir.resolve("queue.json");
    return new StateCodec().decodeQueue(file, StoreFiles.bytes(file)).value();
  }

  private static List<String> checkpointFilesIn(Path directory, String mark) {
    return StoreFiles.names(directory).stream().filter(n -> n.contains(mark)).toList();
  }

  private static void assertAllOk(Diagnosis diagnosis) {
    assertTrue(
        diagnosis.findings().stream()
            .filter(f -> !f.check().equals("disk"))
            .allMatch(f -> f.level() == Diagnosis.Level.OK),
        diagnosis.toString());
  }

  private static Finding finding(Diagnosis diagnosis, String check) {
    return diagnosis.findings().stream()
        .filter(f -> f.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " in " + diagnosis));
  }

  private void runShellSteps(List<String> steps) throws Exception {
    for (String step : steps) {
      if (step.startsWith("stop ") || step.startsWith("queue doctor")) {
        continue;
      }
      Process shell =
          new ProcessBuilder("bash", "-c", step).directory(dir.toFile()).inheritIO().start();
      assertEquals(0, shell.waitFor(), step);
    }
  }

  /**
   * The real file system, except that once armed, the fsync of the next checkpoint file waits to be
   * released.
   */
  private static final class HeldCheckpointFsync implements FileOps {
    private final FileOps real = new DefaultFileOps();
    private final Set<FileChannel> checkpointFiles = ConcurrentHashMap.newKeySet();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean armed;

    void arm() {
      armed = true;
    }

    void awaitReached() throws InterruptedException {
      assertTrue(reached.await(30, TimeUnit.SECONDS), "no checkpoint reached its fsync");
    }

    void release() {
      released.countDown();
    }

    @Override
    public FileChannel createNew(Path path) throws IOException {
      FileChannel channel = real.createNew(path);
      if (armed && path.getFileName().toString().contains(".checkpoint-")) {
        armed = false;
        checkpointFiles.add(channel);
      }
      return channel;
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      if (checkpointFiles.remove(channel)) {
        reached.countDown();
        try {
          assertTrue(released.await(30, TimeUnit.SECONDS), "never released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      real.force(channel);
    }

    @Override
    public FileChannel openForAppend(Path path) throws IOException {
      return real.openForAppend(path);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
      real.createDirectories(directory);
    }

    @Override
    public void write(FileChannel channel, ByteBuffer content) throws IOException {
      real.write(channel, content);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
      real.atomicMove(source, target);
    }

    @Override
    public void link(Path link, Path existing) throws IOException {
      real.link(link, existing);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
      real.deleteIfExists(path);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      real.forceDirectory(directory);
    }
  }
}
