package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bytes;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ExportDocument;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.SaveFailedException;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/**
 * A reader takes no lock, yet every read is one snapshot: {@code agents.json} and {@code
 * queue.json} of one transaction, never of two (issue 11, item 2).
 */
class ReadConsistencyTest {
  private static final int ROUNDS = 60;

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  // The writer registers an agent, sends to it and removes it with --force, which changes both
  // files; meanwhile a reader (a store of its own, as another process would be) checks that no
  // snapshot shows an unfinished entry for an agent it does not show registered.
  @Test
  void readerNeverPairsTheFilesOfTwoTransactions() throws Exception {
    try (QueueStore writer = StoreFiles.open(dir, clock);
        QueueStore reader = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice");
      CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> churn(writer));
      List<String> problems = new ArrayList<>();
      int reads = 0;
      while (!changes.isDone() || reads == 0) {
        problems.addAll(problemsIn(reader.transfer().exportAll()));
        reads++;
      }
      changes.get();

      assertEquals(List.of(), problems.stream().distinct().limit(10).toList(), reads + " reads");
      assertEquals(ROUNDS * 2, reader.reports().list(null, null, 0).size());
    }
  }

  private void churn(QueueStore store) {
    for (int round = 0; round < ROUNDS; round++) {
      store.agents().add(StoreFiles.REQUESTS.inbox("temp", null, clock.instant()));
      store.sends().send(SendRequest.to(List.of("temp", "alice"), "me", "round " + round));
      store.agents().remove("temp", true);
    }
  }

  private static List<String> problemsIn(ExportDocument snapshot) {
    Set<String> registered =
        snapshot.agents().stream().map(Agent::name).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (Entry entry : snapshot.entries()) {
      if (!entry.state().isTerminal() && !registered.contains(entry.recipient())) {
        problems.add(
            entry.state() + " entry " + entry.id() + " for unregistered " + entry.recipient());
      }
    }
    return problems;
  }

  // The transaction's commit (its journal record) fails, and so does putting agents.json back: the
  // files are
  // left as a writer that died between its two saves leaves them. Readers see the state before
  // the transaction, and the next writer puts agents.json back before it saves anything.
  @Test
  void transactionLeftHalfDoneIsInvisibleToReadersAndUndoneByTheNextWriter() {
    FaultyFileOps ops = new FaultyFileOps();
    try (QueueStore store = StoreFiles.open(dir, clock, ops);
        LogCapture saves = LogCapture.of(AtomicSave.class);
        LogCapture repairs = LogCapture.of(FileSnapshotStore.class)) {
      StoreFiles.register(store, clock, "alice", "bob");
      store.sends().send(SendRequest.to(List.of("alice"), "me", "waiting"));
      byte[] agents = bytes(dir.resolve("agents.json"));
      // agents.json is saved (one write, one rename); the record's write fails, and so does the
      // rename that would put agents.json back.
      ops.failAfter(Step.WRITE, 1, 1);
      ops.failAfter(Step.MOVE, 1, Integer.MAX_VALUE);

      assertThrows(SaveFailedException.class, () -> store.agents().remove("alice", true));
      ops.heal();

      assertTrue(saves.messages(Level.ERROR).size() > 0, "the failed revert is logged");
      try (QueueStore other = StoreFiles.open(dir, clock)) {
        assertEquals(List.of(), problemsIn(other.transfer().exportAll()));
        assertEquals(List.of("alice", "bob"), names(other));
        assertEquals(
            EntryState.PENDING, other.reports().list(null, "alice", 0).get(0).entry().state());
      }
      store.sends().send(SendRequest.to(List.of("bob"), "me", "next"));
      assertEquals(1, repairs.messages(Level.WARN).size(), repairs.events().toString());
      assertSameBytes(agents, dir.resolve("agents.json"));
      try (QueueStore other = StoreFiles.open(dir, clock)) {
        assertEquals(List.of("alice", "bob"), names(other));
        assertEquals(2, other.reports().list(EntryState.PENDING, null, 0).size());
      }
    }
  }

  private static List<String> names(QueueStore store) {
    return store.agents().list().stream().map(Agent::name).toList();
  }
}
