package queue.core.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.CorruptStateException;
import queue.core.files.DefaultFileOps;
import queue.core.model.EntryState;
import queue.core.testing.MutableClock;

/**
 * A writer that finds the queue lock held reads and parses the state files while it waits, so the
 * parse overlaps the holder's save; its transaction still runs on the state it finds under the
 * lock, and a file it could not read while waiting is judged again under the lock. The lock is held
 * here the way another process holds it: an OS lock on {@code queue.json.lock} that the store's own
 * lock cannot take.
 */
class LockWaitTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> STATE =
      List.of(StateFiles.AGENTS_FILE, StateFiles.QUEUE_FILE, Journal.NAME);
  private static final byte[] DAMAGED = "{\"version\": 1, \"entr".getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private Path dir;
  private Path holdersNext;

  // The queue holds "one" for alice; the holder's save, prepared apart, adds "three".
  @BeforeEach
  void queueAndTheHoldersNextState() throws IOException {
    dir = root.resolve("queue");
    holdersNext = root.resolve("next");
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice");
      store.sends().send(SendRequest.to(List.of("alice"), "me", "one"));
    }
    Files.createDirectories(holdersNext);
    for (String name : STATE) {
      Files.copy(dir.resolve(name), holdersNext.resolve(name));
    }
    try (QueueStore store = StoreFiles.open(holdersNext, clock)) {
      store.sends().send(SendRequest.to(List.of("alice"), "me", "three"));
    }
  }

  @Test
  void writerThatWaitedCommitsOnTheStateTheHolderLeft() throws Exception {
    try (QueueStore waiting = StoreFiles.open(dir, clock)) {
      FutureTask<List<List<Claim>>> claim = claimWhileTheHolderSaves(waiting, () -> {});

      assertEquals(List.of("one", "three"), bodies(claim.get(WAIT.toSeconds(), TimeUnit.SECONDS)));
    }

    assertStates(EntryState.PROCESSING, EntryState.PROCESSING);
  }

  @Test
  void fileDamagedWhileTheWriterWaitsIsReadAgainUnderTheLock() throws Exception {
    try (QueueStore waiting = StoreFiles.open(dir, clock)) {
      replace(dir.resolve(StateFiles.QUEUE_FILE), DAMAGED);
      FutureTask<List<List<Claim>>> claim = claimWhileTheHolderSaves(waiting, () -> {});

      assertEquals(List.of("one", "three"), bodies(claim.get(WAIT.toSeconds(), TimeUnit.SECONDS)));
    }

    assertStates(EntryState.PROCESSING, EntryState.PROCESSING);
  }

  @Test
  void fileTheHolderLeftDamagedIsRefusedUnderTheLockAndKept() throws Exception {
    try (QueueStore waiting = StoreFiles.open(dir, clock)) {
      FutureTask<List<List<Claim>>> claim =
          claimWhileTheHolderSaves(
              waiting, () -> replace(dir.resolve(StateFiles.QUEUE_FILE), DAMAGED));

      ExecutionException failed =
          assertThrows(
              ExecutionException.class, () -> claim.get(WAIT.toSeconds(), TimeUnit.SECONDS));

      CorruptStateException corrupt =
          assertInstanceOf(CorruptStateException.class, failed.getCause());
      assertEquals(4, corrupt.exitCode());
      assertTrue(corrupt.getMessage().contains(StateFiles.QUEUE_FILE), corrupt.getMessage());
    }
    StoreFiles.assertSameBytes(DAMAGED, dir.resolve(StateFiles.QUEUE_FILE));
  }

  @Test
  void workForTheWaitRunsOnceWhenTheLockIsHeldAndNeverWhenItIsFree() throws Exception {
    StateFiles files = new StateFiles(dir, new DefaultFileOps(), WAIT);
    AtomicInteger waits = new AtomicInteger();

    assertEquals("free", files.locked(waits::incrementAndGet, () -> "free"));
    assertEquals(0, waits.get());

    FutureTask<String> held =
        new FutureTask<>(() -> files.locked(waits::incrementAndGet, () -> "held"));
    whileLocked(
        () -> {
          startWaiting(held);
          assertEquals(1, waits.get());
        });
    assertEquals("held", held.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(1, waits.get());
  }

  /**
   * Holds the lock while {@code waiting} claims, as a processor does; once the claim waits (it has
   * read ahead and polls), saves the holder's next state, runs {@code andThen}, and unlocks.
   */
  private FutureTask<List<List<Claim>>> claimWhileTheHolderSaves(QueueStore waiting, IoStep andThen)
      throws IOException {
    FutureTask<List<List<Claim>>> claim =
        new FutureTask<>(
            () ->
                waiting
                    .leases()
                    .claim(ClaimRequest.processor("p1", "h", Duration.ofMinutes(1), 8, 8)));
    whileLocked(
        () -> {
          startWaiting(claim);
          for (String name : STATE) {
            replace(dir.resolve(name), Files.readAllBytes(holdersNext.resolve(name)));
          }
          andThen.run();
        });
    return claim;
  }

  // A waiter sleeps between polls only after its work for the wait has run.
  private static void startWaiting(Runnable writer) {
    Thread thread = new Thread(writer, "waiting-writer");
    thread.start();
    await().atMost(WAIT).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
  }

  private void whileLocked(IoStep body) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            dir.resolve(StateFiles.LOCK_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        body.run();
      } finally {
        lock.release();
      }
    }
  }

  private static List<String> bodies(List<List<Claim>> batches) {
    return batches.stream().flatMap(List::stream).map(c -> c.message().body()).toList();
  }

  private void assertStates(EntryState... states) {
    try (QueueStore reopened = StoreFiles.open(dir, clock)) {
      assertEquals(
          List.of(states),
          reopened.reports().list(null, null, 0).stream().map(v -> v.entry().state()).toList());
    }
  }

  // As a writer replaces a state file: whole, by a rename.
  private static void replace(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".holder");
    Files.write(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @FunctionalInterface
  private interface IoStep {
    void run() throws IOException;
  }
}
