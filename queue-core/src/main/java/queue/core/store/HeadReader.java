package queue.core.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import queue.core.store.StateCodec.MarkerFile;
import queue.core.store.StateCodec.QueueHead;
import queue.core.store.StateCodec.RecordFile;

/**
 * The head of the queue state (what a send decides on: {@link queue.core.snapshot.Head}) read
 * without parsing {@code queue.json}'s messages and entries: its small fields, which it writes
 * first, and the journal's last record, which carries them as they are after it. Damage is still
 * found: {@code queue.json}'s bytes must have the length and CRC32C that the journal's first line
 * gives, every line of the journal its own CRC, and the records their numbers in sequence. A
 * process that sends again reads only the records appended since.
 *
 * <p>Not promised: a head when the journal does not follow {@code queue.json} (there is none yet,
 * or a checkpoint's second step was not done): then {@link #read} answers null, and the caller
 * reads the whole state, which also repairs that.
 */
final class HeadReader {
  private static final int READ_TRIES = 5;
  private static final long READ_PAUSE_NANOS = 2_000_000;

  private final StateFiles files;
  private final StateCodec codec;
  private final Journal journal;
  private volatile HeadRead known;

  HeadReader(StateFiles files, StateCodec codec, Journal journal) {
    this.files = files;
    this.codec = codec;
    this.journal = journal;
  }

  /**
   * The head: the counters after the last record, where the journal ends (for the append that
   * follows under the lock), and the {@code queue.json} it follows.
   *
   * @param number the last change the state holds
   * @param records how many records the journal holds beyond its first line
   */
  record HeadRead(
      long nextSeq,
      long lastKey,
      long agentsStamp,
      long number,
      long records,
      Journal.Position end,
      Verified queue) {

    /**
     * The head after {@code change}, appended as record {@code number + 1}, ending at {@code end}.
     */
    HeadRead after(StateChange change, Journal.Position at) {
      return new HeadRead(
          change.nextSeq(),
          change.lastKey(),
          change.agentsStamp(),
          number + 1,
          records + 1,
          at,
          queue);
    }
  }

  /** A queue.json whose bytes matched its journal's first line, so its head can be trusted. */
  record Verified(StateFiles.FileId id, long length, long crc, QueueHead head) {}

  /** The head, or null when the journal does not follow queue.json. */
  HeadRead read(boolean locked) {
    for (int attempt = 1; ; attempt++) {
      HeadRead head = tryRead();
      if (head != null || locked || attempt >= READ_TRIES) {
        known = head;
        return head;
      }
      // Without the lock, a checkpoint may have replaced one file between the two reads.
      LockSupport.parkNanos(READ_PAUSE_NANOS);
    }
  }

  /** What this process appended after the head it read: the next read goes on from there. */
  void appended(HeadRead before, StateChange change, Journal.Position end) {
    known = before.after(change, end);
  }

  private HeadRead tryRead() {
    HeadRead last = known;
    if (last != null && last.queue().id().equals(files.id(StateFiles.QUEUE_FILE))) {
      Optional<Journal.Contents> after = journal.readFrom(last.end());
      if (after.isPresent() && after.get().first() == null) {
        return readOn(last, after.get());
      }
    }
    return readWhole();
  }

  // The same journal, read on from where the last read (or append) ended.
  private HeadRead readOn(HeadRead last, Journal.Contents after) {
    List<Journal.Line> records = after.records();
    if (records.isEmpty()) {
      return last;
    }
    long number = inSequence(last.number(), records);
    RecordFile record = lastRecord(records);
    return new HeadRead(
        record.nextSeq(),
        orZero(record.lastKey()),
        orZero(record.agentsStamp()),
        number,
        last.records() + records.size(),
        after.position(),
        last.queue());
  }

  private HeadRead readWhole() {
    Optional<Journal.Contents> read = journal.read();
    if (read.isEmpty()) {
      return null;
    }
    Journal.Contents contents = read.get();
    Journal.Line first = contents.first();
    MarkerFile marker = codec.decodeMarker(journal.where(first), first.json());
    Verified queue = verifiedQueueFile();
    if (queue == null
        || marker.queueBytes() == null
        || queue.length() != marker.queueBytes()
        || !QueueTracker.crcText(queue.crc()).equals(marker.queueCrc())
        || queue.head().journal() == null
        || queue.head().journal() != first.number()) {
      return null;
    }
    List<Journal.Line> records = contents.records();
    long number = inSequence(first.number(), records);
    if (records.isEmpty()) {
      QueueHead head = queue.head();
      return new HeadRead(
          head.nextSeq(),
          orZero(head.lastKey()),
          orZero(head.agentsStamp()),
          number,
          0,
          contents.position(),
          queue);
    }
    RecordFile record = lastRecord(records);
    return new HeadRead(
        record.nextSeq(),
        orZero(record.lastKey()),
        orZero(record.agentsStamp()),
        number,
        records.size(),
        contents.position(),
        queue);
  }

  private long inSequence(long previous, List<Journal.Line> records) {
    long number = previous;
    for (Journal.Line line : records) {
      if (line.number() != number + 1) {
        throw journal.corrupt(
            "record " + line.number() + " at byte " + line.start() + " follows record " + number,
            null);
      }
      number = line.number();
    }
    return number;
  }

  private RecordFile lastRecord(List<Journal.Line> records) {
    Journal.Line last = records.get(records.size() - 1);
    Path where = journal.where(last);
    return codec.decodeRecord(where, last.json());
  }

  // The bytes are read and checked whole, which costs a read of the file but no parse.
  private Verified verifiedQueueFile() {
    StateFiles.FileId id = files.id(StateFiles.QUEUE_FILE);
    if (id == null) {
      return null;
    }
    Optional<byte[]> content = files.read(StateFiles.QUEUE_FILE);
    if (content.isEmpty() || !id.equals(files.id(StateFiles.QUEUE_FILE))) {
      return null;
    }
    byte[] bytes = content.get();
    QueueHead head = codec.decodeHead(files.path(StateFiles.QUEUE_FILE), bytes);
    return new Verified(id, bytes.length, QueueTracker.crcOf(bytes), head);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
