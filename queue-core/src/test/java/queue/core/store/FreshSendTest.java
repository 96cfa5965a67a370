package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.journalLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ClaimRequest;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.error.InvalidInputException;
import queue.core.model.Entry;
import queue.core.testing.MutableClock;

/**
 * A send by a process that has not read the state (a `queue send` command) decides on the head of
 * the state (the agents, the id clock, the next sequence number) read from queue.json's first
 * fields and the journal's last record, and appends its record without parsing the queue: its cost
 * does not grow with the queue. It decides by the same rules as any send: an idempotency key makes
 * it read the whole state to find the earlier message.
 */
class FreshSendTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  // queue.json holds "one"; "two" and a claim (which moved the id clock on) are records.
  @BeforeEach
  void queueWithRecordsAfterItsCheckpoint() {
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "alice", "bob");
      send(store, "one");
      store.upkeep().checkpoint();
      send(store, "two");
      clock.advance(Duration.ofSeconds(1));
      store.leases().claim(ClaimRequest.processor("p", "h", Duration.ofMinutes(1), 8, 1));
    }
  }

  @Test
  void sendByAFreshStoreAppendsWithoutReadingTheWholeState() {
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);
    QueueStore fresh = StoreFiles.over(snapshots, clock);
    int lines = journalLines(dir).size();

    SendResult sent = send(fresh, "three");

    assertFalse(snapshots.holdsWholeState(), "the send read only the head");
    assertEquals(lines + 1, journalLines(dir).size());
    QueueStore reader = StoreFiles.open(dir, clock);
    assertEquals(List.of("one", "two", "three"), bodies(reader));
    List<Entry> entries = reader.transfer().exportAll().entries();
    Entry last = entries.get(entries.size() - 1);
    assertEquals(sent.messageId(), last.messageId());
    for (Entry earlier : entries.subList(0, entries.size() - 1)) {
      assertTrue(earlier.id().compareTo(last.id()) < 0, earlier.id() + " then " + last.id());
      assertTrue(earlier.seq() < last.seq());
    }
    assertTrue(
        reader.transfer().exportAll().lastKey() > claimToken(entries), "ids after the claim's");
  }

  // A sender that sends again reads the journal on from its last send: an earlier record damaged
  // in place meanwhile is not read again (a fresh reader refuses it), while another process's
  // records appended since are (their ids come first).
  @Test
  void senderThatSendsAgainReadsOnlyTheRecordsAppendedSince() throws IOException {
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);
    QueueStore sender = StoreFiles.over(snapshots, clock);
    send(sender, "three");
    try (QueueStore other = StoreFiles.open(dir, clock)) {
      send(other, "four");
    }
    List<String> lines = journalLines(dir);
    lines.set(1, lines.get(1).replace("two", "twO"));
    Files.write(dir.resolve(Journal.NAME), lines, StandardCharsets.UTF_8);

    send(sender, "five");

    assertFalse(snapshots.holdsWholeState());
    assertThrows(
        queue.core.error.CorruptStateException.class, () -> bodies(StoreFiles.open(dir, clock)));
    lines.set(1, lines.get(1).replace("twO", "two"));
    List<String> now = journalLines(dir);
    now.set(1, lines.get(1));
    Files.write(dir.resolve(Journal.NAME), now, StandardCharsets.UTF_8);
    assertEquals(
        List.of("one", "two", "three", "four", "five"), bodies(StoreFiles.open(dir, clock)));
  }

  @Test
  void freshSendRightAfterACheckpointTakesItsHeadFromQueueFile() {
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      store.upkeep().checkpoint();
    }
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);

    send(StoreFiles.over(snapshots, clock), "three");

    assertFalse(snapshots.holdsWholeState());
    assertEquals(List.of("one", "two", "three"), bodies(StoreFiles.open(dir, clock)));
  }

  // The same rules as every send: a repeated key answers with the first message, which only the
  // whole state can find.
  @Test
  void freshSendWithARepeatedKeyReadsTheWholeStateAndQueuesNothing() {
    SendRequest keyed = SendRequest.to(List.of("alice"), "me", "once").withIdempotencyKey("k1");
    SendResult first = StoreFiles.over(StoreFiles.snapshots(dir), clock).sends().send(keyed);
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);

    SendResult again = StoreFiles.over(snapshots, clock).sends().send(keyed);

    assertTrue(snapshots.holdsWholeState());
    assertTrue(again.duplicate());
    assertEquals(first.messageId(), again.messageId());
    assertEquals(List.of("one", "two", "once"), bodies(StoreFiles.open(dir, clock)));
  }

  @Test
  void freshSendToAnUnknownAgentIsRefusedAndWritesNothing() {
    byte[] journal = StoreFiles.bytes(dir.resolve(Journal.NAME));

    assertThrows(
        InvalidInputException.class,
        () -> send(StoreFiles.over(StoreFiles.snapshots(dir), clock), "carol", "nobody"));

    StoreFiles.assertSameBytes(journal, dir.resolve(Journal.NAME));
  }

  // A queue.json changed by hand no longer has the CRC its journal's first line gives: the send
  // reads the whole state instead, which checks it, and goes on.
  @Test
  void queueFileChangedByHandIsReadWholeAndTheSendGoesOn() throws IOException {
    Path queue = dir.resolve("queue.json");
    String text = Files.readString(queue, StandardCharsets.UTF_8);
    Files.writeString(queue, text.replace("\"one\"", "\"ONE\""), StandardCharsets.UTF_8);
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);

    send(StoreFiles.over(snapshots, clock), "three");

    assertTrue(snapshots.holdsWholeState());
    assertEquals(List.of("ONE", "two", "three"), bodies(StoreFiles.open(dir, clock)));
  }

  // An agents.json ahead of the state (its writer died before the commit) is not the agents a
  // fresh send decides on: the agent it registered is unknown, and a broadcast leaves it out.
  @Test
  void freshSendDecidesOnTheCommittedAgentsOnly() throws IOException {
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      StoreFiles.register(store, clock, "carol");
    }
    truncateLastRecord();

    QueueStore fresh = StoreFiles.over(StoreFiles.snapshots(dir), clock);
    assertThrows(InvalidInputException.class, () -> send(fresh, "carol", "x"));
    SendResult all = fresh.sends().send(SendRequest.broadcast("me", "to all"));

    assertEquals(List.of("alice", "bob"), all.recipients());
  }

  private void truncateLastRecord() throws IOException {
    List<String> lines = journalLines(dir);
    Files.write(
        dir.resolve(Journal.NAME), lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
  }

  private static long claimToken(List<Entry> entries) {
    return entries.stream().mapToLong(Entry::leaseToken).max().orElseThrow();
  }

  private SendResult send(QueueStore store, String body) {
    return send(store, "alice", body);
  }

  private SendResult send(QueueStore store, String to, String body) {
    return store.sends().send(SendRequest.to(List.of(to), "me", body));
  }
}
