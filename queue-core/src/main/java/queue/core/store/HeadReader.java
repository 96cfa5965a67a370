package queue.core.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import queue.core.error.CorruptStateException;
import queue.core.store.StateCodec.MarkerFile;
import queue.core.store.StateCodec.QueueHead;
import queue.core.store.StateCodec.RecordFile;

/**
 * The head of the queue state (what a send decides on: {@link queue.core.snapshot.Head}) read
 * without parsing {@code queue.json}'s messages and entries: its small fields, which it writes
 * first, and the journal's last record, which carries them as they are after it. Every line of the
 * journal must have its own CRC and the records their numbers in sequence, so a send never appends
 * after a damaged record. A process that sends again reads only the records appended since.
 *
 * <p>Which {@code queue.json} the journal follows, its first line says: the file as it was saved,
 * by its size, modification time and file key (inode), and by its length and CRC32C. When the file
 * there now has that identity, only its start is read (the head is its first ~150 bytes), whatever
 * its size; otherwise (it was replaced or changed in place, or the journal predates the identity)
 * its bytes are read whole and must match the CRC32C. Not promised: damage that leaves the file's
 * size, time and inode as they were (bit rot, or a hand edit that puts the time back) is not found
 * by a send decided on the head; the next read of the whole state (the processor, {@code status},
 * {@code list}) refuses it, and the records appended meanwhile stay in the journal.
 *
 * <p>Not promised: a head when the journal does not follow {@code queue.json} (there is none yet,
 * or a checkpoint's second step was not done): then {@link #read} answers null, and the caller
 * reads the whole state, which also repairs that.
 */
final class HeadReader {
  private static final int READ_TRIES = 5;
  private static final long READ_PAUSE_NANOS = 2_000_000;
  // queue.json's head is its first ~150 bytes; one page holds it.
  private static final int HEAD_BYTES = 4096;

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

  /** The queue.json its journal's first line names, so its head can be trusted. */
  record Verified(StateFiles.FileId id, QueueHead head) {
    long length() {
      return id.size();
    }
  }

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

  /** The head this process last read or appended after, or null. */
  HeadRead last() {
    return known;
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
    Verified queue = queueFileNamedBy(marker);
    if (queue == null
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

  // queue.json if it is the file the journal's first line names, or null.
  private Verified queueFileNamedBy(MarkerFile marker) {
    StateFiles.FileId id = files.id(StateFiles.QUEUE_FILE);
    if (id == null || marker.queueBytes() == null || marker.queueCrc() == null) {
      return null;
    }
    if (marker.names(id)) {
      Verified named = headOf(id);
      if (named != null) {
        return named;
      }
    }
    return checkedQueueFile(marker);
  }

  // The file the journal names, as saved: only its start is read. A head that does not parse
  // from it (cut by the read's end, or damaged) is left to the check of the whole file.
  private Verified headOf(StateFiles.FileId id) {
    Optional<byte[]> start = files.readStart(StateFiles.QUEUE_FILE, HEAD_BYTES);
    if (start.isEmpty() || !id.equals(files.id(StateFiles.QUEUE_FILE))) {
      return null;
    }
    try {
      return new Verified(id, codec.decodeHead(files.path(StateFiles.QUEUE_FILE), start.get()));
    } catch (CorruptStateException e) {
      return null;
    }
  }

  // The bytes are read whole and checked against the marker's length and CRC32C: a read of the
  // file, no parse.
  private Verified checkedQueueFile(MarkerFile marker) {
    StateFiles.FileId id = files.id(StateFiles.QUEUE_FILE);
    if (id == null) {
      return null;
    }
    Optional<byte[]> content = files.read(StateFiles.QUEUE_FILE);
    if (content.isEmpty() || !id.equals(files.id(StateFiles.QUEUE_FILE))) {
      return null;
    }
    byte[] bytes = content.get();
    if (bytes.length != marker.queueBytes()
        || !QueueTracker.crcText(QueueTracker.crcOf(bytes)).equals(marker.queueCrc())) {
      return null;
    }
    return new Verified(id, codec.decodeHead(files.path(StateFiles.QUEUE_FILE), bytes));
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
