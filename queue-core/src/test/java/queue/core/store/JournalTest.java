package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.assertSameBytes;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.bytes;
import static queue.core.store.StoreFiles.journalLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.CorruptStateException;
import queue.core.testing.MutableClock;

/**
 * The journal as readers and writers meet it on disk: a last record cut short is no record (readers
 * leave it out, the next writer cuts it off); a damaged record before the last, records out of
 * sequence, or a journal that does not follow queue.json are refused by every command (exit 4),
 * naming the file and the record, and kept as they are; a process that holds a state reads only the
 * records appended since.
 */
class JournalTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private Path journal;

  // queue.json holds the agents; "one", "two" and "three" are records 2, 3 and 4.
  @BeforeEach
  void threeRecords() {
    try (QueueStore store = open()) {
      StoreFiles.register(store, clock, "alice", "bob");
      store.upkeep().checkpoint();
      for (String body : List.of("one", "two", "three")) {
        store.sends().send(SendRequest.to(List.of("alice"), "me", body));
      }
    }
    journal = dir.resolve(Journal.NAME);
  }

  @Test
  void recordsAreNumberedLinesWithTheirCrcAfterTheFirstLine() {
    List<String> lines = journalLines(dir);

    assertEquals(4, lines.size(), lines.toString());
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(lines.get(i).matches("\\d+ \\{.*\\} [0-9a-f]{8}"), lines.get(i));
    }
    long first = Long.parseLong(lines.get(0).split(" ")[0]);
    assertEquals(first + 3, Long.parseLong(lines.get(3).split(" ")[0]));
    assertTrue(lines.get(0).contains("\"queueCrc\""), lines.get(0));
  }

  @Test
  void lastRecordCutShortIsLeftOutByReadersAndCutOffByTheNextWriter() throws IOException {
    byte[] whole = bytes(journal);
    String next = journalLines(dir).get(3).replace("three", "four!");
    Files.write(
        journal,
        next.substring(0, next.length() / 2).getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    assertEquals(List.of("one", "two", "three"), bodies(open()));
    assertSameBytes(bytes(journal), journal);

    send("four");
    assertEquals(List.of("one", "two", "three", "four"), bodies(open()));
    assertEquals(5, journalLines(dir).size());
    byte[] after = bytes(journal);
    assertEquals(
        new String(whole, StandardCharsets.UTF_8),
        new String(after, 0, whole.length, StandardCharsets.UTF_8));
  }

  // Blocks of an append can reach the disk out of order: a last line whose CRC does not match is
  // an append that never completed, as one cut short is.
  @Test
  void lastRecordThatFailsItsCrcIsLeftOutAsOneCutShort() throws IOException {
    replaceLine(3, line -> line.replace("three", "thre3"));

    assertEquals(List.of("one", "two"), bodies(open()));
    send("four");
    assertEquals(List.of("one", "two", "four"), bodies(open()));
  }

  @Test
  void damagedRecordBeforeTheLastIsRefusedByEveryCommandNamingTheFileAndTheRecord()
      throws IOException {
    replaceLine(2, line -> line.replace("two", "twO"));
    long record = Long.parseLong(journalLines(dir).get(2).split(" ")[0]);
    byte[] damaged = bytes(journal);

    for (Consumer<QueueStore> command : commands()) {
      CorruptStateException error =
          assertThrows(CorruptStateException.class, () -> withStore(command));
      assertEquals(4, error.exitCode());
      assertTrue(error.getMessage().contains(journal.toString()), error.getMessage());
      assertTrue(error.getMessage().contains("(record " + record + ")"), error.getMessage());
    }
    assertSameBytes(damaged, journal);
  }

  @Test
  void recordOutOfSequenceIsRefused() throws IOException {
    List<String> lines = journalLines(dir);
    Files.write(journal, List.of(lines.get(0), lines.get(1), lines.get(3)), StandardCharsets.UTF_8);

    for (Consumer<QueueStore> command : commands()) {
      CorruptStateException error =
          assertThrows(CorruptStateException.class, () -> withStore(command));
      assertTrue(error.getMessage().contains("follows record"), error.getMessage());
    }
  }

  // queue.json put back from an older copy: the changes between it and the journal are missing.
  @Test
  void journalThatStartsAfterQueueFileIsRefused() throws IOException {
    Path older = dir.resolve("older.json");
    Files.copy(dir.resolve("queue.json.1"), older);
    try (QueueStore store = open()) {
      store.upkeep().checkpoint();
    }
    Files.copy(older, dir.resolve("queue.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    for (Consumer<QueueStore> command : commands()) {
      CorruptStateException error =
          assertThrows(CorruptStateException.class, () -> withStore(command));
      assertTrue(error.getMessage().contains("changes in between are missing"), error.getMessage());
    }
  }

  @Test
  void journalWithoutItsQueueFileIsRefused() throws IOException {
    Files.delete(dir.resolve("queue.json"));
    Files.delete(dir.resolve("queue.json.1"));

    for (Consumer<QueueStore> command : commands()) {
      CorruptStateException error =
          assertThrows(CorruptStateException.class, () -> withStore(command));
      assertTrue(error.getMessage().contains("queue.json is missing"), error.getMessage());
    }
  }

  // The follower read the first three records; then one more is appended, and an earlier record
  // is damaged in place and queue.json made unreadable: it reads the new record alone. A fresh
  // reader, which reads everything, refuses the damage.
  @Test
  void readerThatHoldsAStateReadsOnlyTheRecordsAppendedSince() throws IOException {
    try (QueueStore follower = open()) {
      assertEquals(List.of("one", "two", "three"), bodies(follower));
      send("four");
      replaceLine(2, line -> line.replace("two", "twO"));
      Files.setPosixFilePermissions(
          dir.resolve("queue.json"), PosixFilePermissions.fromString("---------"));
      try {
        assertEquals(List.of("one", "two", "three", "four"), bodies(follower));
      } finally {
        Files.setPosixFilePermissions(
            dir.resolve("queue.json"), PosixFilePermissions.fromString("rw-------"));
      }
      assertThrows(CorruptStateException.class, () -> bodies(open()));
    }
  }

  private List<Consumer<QueueStore>> commands() {
    return List.of(
        s -> s.reports().status(),
        s -> s.sends().send(SendRequest.to(List.of("alice"), "me", "more")),
        s -> s.sends().send(SendRequest.broadcast("me", "to all")),
        s -> s.agents().list(),
        s -> StoreFiles.register(s, clock, "carol"));
  }

  private void send(String body) {
    withStore(s -> s.sends().send(SendRequest.to(List.of("alice"), "me", body)));
  }

  private void withStore(Consumer<QueueStore> work) {
    try (QueueStore store = open()) {
      work.accept(store);
    }
  }

  private QueueStore open() {
    return StoreFiles.open(dir, clock);
  }

  // Rewrites one line of the journal in place, keeping its number and CRC.
  private void replaceLine(int index, java.util.function.UnaryOperator<String> change)
      throws IOException {
    List<String> lines = new java.util.ArrayList<>(journalLines(dir));
    lines.set(index, change.apply(lines.get(index)));
    Files.write(journal, lines, StandardCharsets.UTF_8);
  }
}
