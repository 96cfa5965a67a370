package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.bodies;
import static queue.core.store.StoreFiles.journalLines;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.ClaimRequest;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.error.CorruptStateException;
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
    assertThrows(CorruptStateException.class, () -> bodies(StoreFiles.open(dir, clock)));
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
    // A hand edit comes later than the save, on a coarser clock than the file system's.
    Files.setLastModifiedTime(
        queue, FileTime.fromMillis(Files.getLastModifiedTime(queue).toMillis() + 1000));
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);

    send(StoreFiles.over(snapshots, clock), "three");

    assertTrue(snapshots.holdsWholeState());
    assertEquals(List.of("ONE", "two", "three"), bodies(StoreFiles.open(dir, clock)));
  }

  // The journal's first line names queue.json as it was saved (size, time, inode): the send trusts
  // that file and reads its head only. Damage past the head that keeps the file's identity (as bit
  // rot would) is not seen by the send, which would have refused it had it read the file whole;
  // the next reader of the whole state refuses it.
  @Test
  void queueFileAsSavedIsTrustedByItsIdentityAndOnlyItsHeadIsRead() throws IOException {
    Path queue = checkpointLargerThanItsHead();
    damageTailKeepingItsIdentity(queue);
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);

    send(StoreFiles.over(snapshots, clock), "three");

    assertFalse(snapshots.holdsWholeState(), "the send read only the head");
    CorruptStateException refused =
        assertThrows(CorruptStateException.class, () -> bodies(StoreFiles.open(dir, clock)));
    assertEquals(4, refused.exitCode());
    assertTrue(refused.getMessage().contains(queue.toString()), refused.getMessage());
  }

  // queue.json changed in place (a new time) or replaced by a copy (a new inode, its time kept) is
  // not the file the journal names: its bytes are read whole and checked, and the damage refused.
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void queueFileNotAsSavedIsCheckedWholeAndItsDamageRefused(boolean inPlace) throws IOException {
    Path queue = checkpointLargerThanItsHead();
    damageTailKeepingItsIdentity(queue);
    FileTime saved = Files.getLastModifiedTime(queue);
    if (inPlace) {
      Files.setLastModifiedTime(queue, FileTime.fromMillis(saved.toMillis() + 1000));
    } else {
      Path copy = dir.resolve("copy.json");
      Files.copy(queue, copy);
      Files.setLastModifiedTime(copy, saved);
      Files.move(copy, queue, StandardCopyOption.REPLACE_EXISTING);
      assertEquals(saved, Files.getLastModifiedTime(queue));
    }
    byte[] journal = StoreFiles.bytes(dir.resolve(Journal.NAME));

    CorruptStateException refused =
        assertThrows(
            CorruptStateException.class,
            () -> send(StoreFiles.over(StoreFiles.snapshots(dir), clock), "three"));

    assertEquals(4, refused.exitCode());
    assertTrue(refused.getMessage().contains(queue.toString()), refused.getMessage());
    StoreFiles.assertSameBytes(journal, dir.resolve(Journal.NAME));
  }

  // A journal written before its first line named queue.json's identity: the send checks the
  // file's bytes whole, as it did then, and still decides on the head.
  @Test
  void journalWithoutTheIdentityHasQueueFileCheckedWhole() throws IOException {
    Path queue = checkpointLargerThanItsHead();
    List<String> lines = journalLines(dir);
    String marker = lines.get(0).substring(0, lines.get(0).lastIndexOf(' '));
    String number = marker.substring(0, marker.indexOf(' '));
    String json =
        marker.substring(marker.indexOf(' ') + 1).replaceAll(",\"queueModifiedNanos.*", "}");
    assertTrue(
        json.matches("\\{\"version\":1,\"queueBytes\":\\d+,\"queueCrc\":\"[0-9a-f]{8}\"}"), json);
    lines.set(
        0,
        new String(
                Journal.line(Long.parseLong(number), json.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)
            .strip());
    Files.write(dir.resolve(Journal.NAME), lines, StandardCharsets.UTF_8);
    FileSnapshotStore snapshots = StoreFiles.snapshots(dir);

    send(StoreFiles.over(snapshots, clock), "three");

    assertFalse(snapshots.holdsWholeState(), "the send read only the head");
    damageTailKeepingItsIdentity(queue);
    CorruptStateException refused =
        assertThrows(
            CorruptStateException.class,
            () -> send(StoreFiles.over(StoreFiles.snapshots(dir), clock), "four"));
    assertEquals(4, refused.exitCode());
  }

  // queue.json saved by a checkpoint with a message far larger than the head's first page.
  private Path checkpointLargerThanItsHead() {
    try (QueueStore store = StoreFiles.open(dir, clock)) {
      send(store, "x".repeat(20_000));
      store.upkeep().checkpoint();
    }
    Path queue = dir.resolve("queue.json");
    assertTrue(StoreFiles.bytes(queue).length > 20_000);
    assertTrue(journalLines(dir).get(0).contains("\"queueFileKey\""), journalLines(dir).get(0));
    return queue;
  }

  // The last byte of queue.json overwritten in place, its size and time put back as they were.
  private static void damageTailKeepingItsIdentity(Path queue) throws IOException {
    FileTime saved = Files.getLastModifiedTime(queue);
    try (FileChannel channel = FileChannel.open(queue, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'x'}), channel.size() - 1);
    }
    Files.setLastModifiedTime(queue, saved);
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
