package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.bytes;
import static queue.core.store.StoreFiles.journalLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ExportDocument;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.DefaultFileOps;
import queue.core.model.Entry;
import queue.core.model.QueueState;
import queue.core.testing.MutableClock;

/**
 * Checkpoints: queue.json rewritten whole when the journal passes its limits, and on request (a
 * processor's orderly stop), after which queue.json alone holds the whole state in the format it
 * always had and the journal starts again; and readers that see every change once across them.
 */
class CheckpointTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final StateCodec codec = new StateCodec();

  @Test
  void journalIsFoldedIntoQueueFileWhenItReachesTheRecordLimit() {
    CheckpointPolicy fiveRecords = new CheckpointPolicy(Long.MAX_VALUE, 5, 1000);
    try (QueueStore store = StoreFiles.open(dir, clock, new DefaultFileOps(), fiveRecords)) {
      StoreFiles.register(store, clock, "alice");
      for (int i = 1; i <= 4; i++) {
        send(store, "m" + i);
        assertEquals(1 + i, journalLines(dir).size());
      }

      send(store, "m5");

      assertEquals(1, journalLines(dir).size(), "folded at the fifth record");
      assertEquals(5, queueFileAlone().entries().size());
      send(store, "m6");
      assertEquals(
          List.of("m1", "m2", "m3", "m4", "m5", "m6"), bodies(StoreFiles.open(dir, clock)));
    }
  }

  @Test
  void journalIsFoldedWhenItIsLargerThanQueueFileAndTheLeastSize() {
    CheckpointPolicy small = new CheckpointPolicy(2048, Long.MAX_VALUE, 1000);
    try (QueueStore store = StoreFiles.open(dir, clock, new DefaultFileOps(), small)) {
      StoreFiles.register(store, clock, "alice");
      int sends = 0;
      while (journalLines(dir).size() > 1 || sends == 0) {
        send(store, "x".repeat(100) + sends++);
        assertTrue(sends < 100, "never folded");
      }
      assertTrue(Files.exists(dir.resolve("queue.json.1")));
      assertEquals(sends, queueFileAlone().entries().size());
    }
  }

  // After a processor's orderly stop queue.json alone holds the state, written as it always was:
  // a reader of that file alone (a script, a person, an older queue) sees every entry.
  @Test
  void afterACheckpointQueueFileAloneHoldsTheWholeStateInItsFormat() {
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice", "bob");
      store.sends().send(SendRequest.broadcast("me", "one"));
      send(store, "two");

      store.upkeep().checkpoint();

      assertEquals(1, journalLines(dir).size());
      QueueState alone = queueFileAlone();
      ExportDocument all = store.transfer().exportAll();
      assertEquals(all.entries(), alone.entries());
      assertEquals(all.messages(), alone.messages());
      byte[] folded = bytes(dir.resolve("queue.json"));
      store.upkeep().checkpoint();
      assertSameBytes(folded, dir.resolve("queue.json"));
    }
  }

  // A queue.json written before there was a journal is read as it is; the first change starts a
  // journal beside it, and queue.json is not rewritten for that.
  @Test
  void queueFileWithoutAJournalIsKeptAndTheFirstChangeStartsOne() throws IOException {
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice");
      send(store, "before");
      store.upkeep().checkpoint();
    }
    byte[] withoutJournalField =
        new String(bytes(dir.resolve("queue.json")), java.nio.charset.StandardCharsets.UTF_8)
            .replaceAll(",\"journal\":\\d+", "")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(dir.resolve("queue.json"), withoutJournalField);
    Files.delete(dir.resolve(Journal.NAME));

    try (QueueStore store = StoreFiles.open(dir, clock)) {
      assertEquals(List.of("before"), bodies(store));
      send(store, "after");
    }

    assertSameBytes(withoutJournalField, dir.resolve("queue.json"));
    assertEquals(2, journalLines(dir).size());
    assertEquals(List.of("before", "after"), bodies(StoreFiles.open(dir, clock)));
  }

  // A writer in another store checkpoints every three records while a reader reads without a
  // lock: each read shows every send once, whole, and never fewer than the read before.
  @Test
  void readerAcrossCheckpointsSeesEveryChangeOnceAndWhole() throws Exception {
    CheckpointPolicy often = new CheckpointPolicy(512, 3, 1000);
    int sends = 150;
    try (QueueStore writer = StoreFiles.open(dir, clock, new DefaultFileOps(), often);
        QueueStore reader = StoreFiles.open(dir, clock)) {
      StoreFiles.register(writer, clock, "alice", "bob");
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < sends; i++) {
                  writer.sends().send(SendRequest.broadcast("me", "m" + i));
                }
              });
      List<String> problems = new ArrayList<>();
      int seen = 0;
      int reads = 0;
      while (!sending.isDone() || reads == 0) {
        ExportDocument read = reader.transfer().exportAll();
        problems.addAll(problemsIn(read, seen));
        seen = read.messages().size();
        reads++;
      }
      sending.get();

      assertEquals(List.of(), problems.stream().distinct().limit(10).toList(), reads + " reads");
      assertEquals(sends, reader.transfer().exportAll().messages().size());
      assertTrue(Files.exists(dir.resolve("queue.json.1")), "checkpoints ran");
    }
  }

  private static List<String> problemsIn(ExportDocument read, int seenBefore) {
    List<String> problems = new ArrayList<>();
    if (read.messages().size() < seenBefore) {
      problems.add("went back from " + seenBefore + " to " + read.messages().size());
    }
    Set<String> ids = new HashSet<>();
    for (Entry entry : read.entries()) {
      if (!ids.add(entry.id())) {
        problems.add("entry " + entry.id() + " twice");
      }
    }
    if (read.entries().size() != read.messages().size() * 2) {
      problems.add(read.messages().size() + " broadcasts, " + read.entries().size() + " entries");
    }
    for (int i = 0; i < read.messages().size(); i++) {
      if (!read.messages().get(i).body().equals("m" + i)) {
        problems.add("message " + i + " is " + read.messages().get(i).body());
      }
    }
    return problems;
  }

  private QueueState queueFileAlone() {
    Path file = dir.resolve("queue.json");
    return codec.decodeQueue(file, bytes(file)).value();
  }

  private static void send(QueueStore store, String body) {
    store.sends().send(SendRequest.to(List.of("alice"), "me", body));
  }
}
