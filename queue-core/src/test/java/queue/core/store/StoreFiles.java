package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import queue.core.api.Changes;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnostics;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.core.files.FileOps;
import queue.core.snapshot.History;
import queue.core.snapshot.SnapshotBackend;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.snapshot.SnapshotStore;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;

/** Opening file stores in tests, and looking at their directory. */
final class StoreFiles {
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
  static final TestAgents REQUESTS = new TestAgents("test-host");

  /** Every file a store keeps in its data directory, generations included. */
  static final Set<String> STATE_FILES =
      Set.of(
          "queue.json",
          "queue.json.1",
          "queue.json.journal",
          "queue.json.journal.1",
          "agents.json",
          "agents.json.1",
          "queue.json.lock");

  private StoreFiles() {}

  static OpenOptions options(MutableClock clock) {
    return OpenOptions.defaults(clock).withTimeouts(LOCK_TIMEOUT, Duration.ofSeconds(1));
  }

  static QueueStore open(Path directory, MutableClock clock) {
    return FileStore.open(directory, options(clock));
  }

  static QueueStore open(Path directory, MutableClock clock, FileOps ops) {
    return FileStore.open(directory, options(clock), ops);
  }

  static QueueStore open(Path directory, MutableClock clock, FileOps ops, CheckpointPolicy policy) {
    return FileStore.open(directory, options(clock), ops, policy);
  }

  /**
   * The queue API over {@code snapshots}, as {@link FileStore#open} builds it, so that a test can
   * look at the snapshot store the API runs on.
   */
  static QueueStore over(FileSnapshotStore snapshots, MutableClock clock) {
    Path root = snapshots.files().directory();
    return SnapshotQueueStore.of(
        new SnapshotBackend() {
          @Override
          public String location() {
            return root.toString();
          }

          @Override
          public SnapshotStore snapshots() {
            return snapshots;
          }

          @Override
          public History history() {
            return new HistoryLog(root, new DefaultFileOps());
          }

          @Override
          public Liveness liveness() {
            return new FileLiveness(root);
          }

          @Override
          public Changes changes() {
            return new DirectoryWatch(root);
          }

          @Override
          public Diagnostics diagnostics() {
            return () -> new Diagnosis(List.of(), List.of());
          }

          @Override
          public void close() {
            // Nothing held.
          }
        },
        clock);
  }

  static FileSnapshotStore snapshots(Path directory) {
    return new FileSnapshotStore(
        new StateFiles(directory, new DefaultFileOps(), LOCK_TIMEOUT), new StateCodec());
  }

  /** The lines of the journal: its first line, then one per record. */
  static List<String> journalLines(Path directory) {
    try {
      return Files.readAllLines(directory.resolve(Journal.NAME), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void register(QueueStore store, MutableClock clock, String... names) {
    for (String name : names) {
      store.agents().add(REQUESTS.inbox(name, null, clock.instant()));
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> names(Path directory) {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No temp file of a save is left in {@code directory}, and nothing but {@code expected}. */
  static void assertOnly(Path directory, Set<String> expected) {
    Set<String> names = names(directory);
    assertTrue(names.stream().noneMatch(n -> n.contains(".tmp-")), "temp files left: " + names);
    assertTrue(expected.containsAll(names), "unexpected files: " + names);
  }

  static List<String> bodies(QueueStore store) {
    return store.reports().list(null, null, 0).stream().map(v -> v.body()).toList();
  }

  static void assertSameBytes(byte[] expected, Path file) {
    byte[] actual = bytes(file);
    assertEquals(
        new String(expected, StandardCharsets.UTF_8),
        new String(actual, StandardCharsets.UTF_8),
        file + " changed");
    assertArrayEquals(expected, actual, file + " changed");
  }
}
