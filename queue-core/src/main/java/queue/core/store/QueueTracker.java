package queue.core.store;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import queue.core.model.QueueState;
import queue.core.model.StateRules;
import queue.core.store.StateCodec.MarkerFile;
import queue.core.store.StateCodec.SavedQueue;

/**
 * {@code queue.json} and its journal read together into one queue state, without any lock, by a
 * process that keeps what it read ({@link Tracked}): {@code queue.json} is parsed only when it is
 * not the file parsed last, and the journal is read on from where the last read ended. So a process
 * that holds a state reads only the records appended since.
 *
 * <p>Consistency: the records applied are those after the last one {@code queue.json} holds, each
 * exactly once, in order, and only whole ones. A checkpoint replaces {@code queue.json} first and
 * the journal second: a reader that read the old {@code queue.json} and then finds a journal that
 * starts after it (a gap) reads again. A record number out of sequence, or a journal that starts
 * after {@code queue.json} while the lock is held (no checkpoint can be under way), is corruption.
 */
final class QueueTracker {
  private static final HexFormat HEX = HexFormat.of();
  private static final int READ_TRIES = 100;
  private static final long READ_PAUSE_NANOS = 2_000_000;

  private final StateFiles files;
  private final StateCodec codec;
  private final Journal journal;

  QueueTracker(StateFiles files, StateCodec codec, Journal journal) {
    this.files = files;
    this.codec = codec;
    this.journal = journal;
  }

  /**
   * The {@code queue.json} a state was read from, or written: its identity, length, CRC32C and the
   * number of the last journal record it holds.
   */
  record QueueFile(StateFiles.FileId id, long length, long crc, long through) {}

  /** The journal a state was read from: its first line, and where its last whole record ends. */
  record JournalState(long firstNumber, MarkerFile marker, Journal.Position position) {}

  /**
   * A queue state and where it was read up to: {@code number} is the last change it holds (the
   * number of a journal record, or the one {@code queue.json} holds). {@code queueFile} is null
   * when there is no {@code queue.json}, {@code journal} when there is no journal.
   */
  record Tracked(
      QueueState queue, long agentsStamp, long number, QueueFile queueFile, JournalState journal) {

    static final Tracked EMPTY = new Tracked(QueueState.EMPTY, 0, 0, null, null);

    /** True when the journal's first line names this {@code queue.json}: records may follow. */
    boolean journalFollowsQueueFile() {
      return queueFile != null
          && journal != null
          && journal.firstNumber() == queueFile.through()
          && Objects.equals(journal.marker().queueBytes(), queueFile.length())
          && crcText(queueFile.crc()).equals(journal.marker().queueCrc());
    }

    /** How many records the journal holds beyond its first line. */
    long records() {
      return journal == null ? 0 : number - journal.firstNumber();
    }
  }

  /** The first line of a journal that follows {@code queueFile}, as it was saved or read. */
  static MarkerFile markerFor(QueueFile queueFile) {
    StateFiles.FileId id = queueFile.id();
    return new MarkerFile(
        StateCodec.VERSION,
        queueFile.length(),
        crcText(queueFile.crc()),
        id == null ? null : id.modifiedNanos(),
        id == null || id.key() == null ? null : id.key().toString());
  }

  // HexFormat, not String.format: every commit of a running writer checks its journal's marker.
  static String crcText(long crc) {
    return HEX.toHexDigits((int) crc);
  }

  static long crcOf(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }

  /**
   * The current state: {@code known} (null for none) brought up to date. Holding the lock, a gap
   * between {@code queue.json} and the journal is corruption at once; without it, the read is made
   * again, a checkpoint having run between the two reads.
   */
  Tracked current(Tracked known, boolean locked) {
    Tracked start = known;
    for (int attempt = 1; ; attempt++) {
      try {
        Tracked read = tryRead(start);
        if (read != null) {
          return read;
        }
      } catch (Gap gap) {
        if (locked || attempt >= READ_TRIES) {
          throw journal.corrupt(gap.getMessage(), null);
        }
      }
      if (attempt >= READ_TRIES) {
        throw journal.corrupt("queue.json kept changing while it was read", null);
      }
      start = null;
      LockSupport.parkNanos(READ_PAUSE_NANOS);
    }
  }

  // Null when queue.json was replaced while it was read.
  private Tracked tryRead(Tracked known) {
    StateFiles.FileId id = files.id(StateFiles.QUEUE_FILE);
    boolean sameFile =
        known != null
            && Objects.equals(id, known.queueFile() == null ? null : known.queueFile().id());
    Tracked kept = sameFile ? known : keptAcrossCheckpoint(known, id);
    Tracked base = kept != null ? kept : parse(id);
    if (base == null) {
      return null;
    }
    Optional<Journal.Contents> read =
        journal.readFrom(base.journal() == null ? null : base.journal().position());
    if (read.isEmpty()) {
      if (base.queueFile() != null && base.number() > base.queueFile().through()) {
        throw new Gap(
            "it is missing, and with it the changes after record " + base.queueFile().through());
      }
      return base.journal() == null ? base : withJournal(base, null);
    }
    return applied(base, read.get(), kept == null);
  }

  /**
   * {@code known} kept across a checkpoint that came after it: {@code queue.json} (now {@code id})
   * was replaced by a checkpoint through record N, and the journal that follows it names it by its
   * identity and carries the last record {@code known} holds, K after N, byte for byte (its CRC).
   * Then the state as of K is the new {@code queue.json}'s with records N+1..K applied, which is
   * {@code known}'s: only the records after K are read, not 33 MB of {@code queue.json} at 100,000
   * entries. Null when that is not so (the file is then parsed). Not promised, as for a send
   * decided on the head: damage to the new file that leaves its identity is not seen here.
   */
  private Tracked keptAcrossCheckpoint(Tracked known, StateFiles.FileId id) {
    if (known == null || known.journal() == null || id == null) {
      return null;
    }
    Journal.Position at = known.journal().position();
    Optional<Journal.Contents> read = journal.read();
    if (read.isEmpty() || at.lastNumber() != known.number()) {
      return null;
    }
    Journal.Line first = read.get().first();
    MarkerFile marker = codec.decodeMarker(journal.where(first), first.json());
    long through = first.number();
    if (!marker.names(id) || known.number() <= through) {
      return null;
    }
    Journal.Line last =
        read.get().records().stream()
            .filter(line -> line.number() == known.number())
            .findFirst()
            .orElse(null);
    if (last == null || last.crc() != at.lastCrc()) {
      return null;
    }
    QueueFile queueFile =
        new QueueFile(id, marker.queueBytes(), Long.parseLong(marker.queueCrc(), 16), through);
    Journal.Position position =
        new Journal.Position(
            read.get().position().firstCrc(), last.number(), last.crc(), last.start(), last.end());
    return new Tracked(
        known.queue(),
        known.agentsStamp(),
        known.number(),
        queueFile,
        new JournalState(through, marker, position));
  }

  private Tracked applied(Tracked base, Journal.Contents read, boolean fresh) {
    JournalState state = journalState(base, read);
    if (state.firstNumber() > base.number()) {
      throw new Gap(
          (base.queueFile() == null
                  ? "queue.json is missing"
                  : "queue.json holds the changes up to record " + base.number())
              + ", but the journal starts after record "
              + state.firstNumber()
              + ": the changes in between are missing");
    }
    Replay replay = null;
    long number = base.number();
    long previous =
        read.first() != null ? read.first().number() : base.journal().position().lastNumber();
    for (Journal.Line line : read.records()) {
      if (line.number() != previous + 1) {
        throw journal.corrupt(
            "record " + line.number() + " at byte " + line.start() + " follows record " + previous,
            null);
      }
      previous = line.number();
      if (line.number() <= number) {
        continue;
      }
      if (replay == null) {
        replay = new Replay(base.queue(), base.agentsStamp());
      }
      Path where = journal.where(line);
      replay.apply(where, codec.decodeRecord(where, line.json()));
      number = line.number();
    }
    if (replay == null) {
      return withJournal(base, state);
    }
    QueueState queue = replay.result();
    if (fresh) {
      validate(queue);
    }
    return new Tracked(queue, replay.agentsStamp(), number, base.queueFile(), state);
  }

  private JournalState journalState(Tracked base, Journal.Contents read) {
    if (read.first() == null) {
      return new JournalState(
          base.journal().firstNumber(), base.journal().marker(), read.position());
    }
    MarkerFile marker = codec.decodeMarker(journal.where(read.first()), read.first().json());
    if (marker.queueBytes() == null || marker.queueCrc() == null) {
      throw journal.corrupt("its first line does not say which queue.json it follows", null);
    }
    return new JournalState(read.first().number(), marker, read.position());
  }

  // A state read whole is checked whole, once; records applied later are checked one by one.
  private void validate(QueueState queue) {
    String problem = StateRules.problemIn(queue);
    if (problem != null) {
      throw journal.corrupt("with its records applied to queue.json, " + problem, null);
    }
  }

  private Tracked parse(StateFiles.FileId id) {
    if (id == null) {
      FileSnapshotStore.refuseIfOnlyGenerationExists(files.path(StateFiles.QUEUE_FILE));
      return Tracked.EMPTY;
    }
    Optional<byte[]> content = files.read(StateFiles.QUEUE_FILE);
    if (content.isEmpty() || !id.equals(files.id(StateFiles.QUEUE_FILE))) {
      return null;
    }
    byte[] bytes = content.get();
    if (bytes.length != id.size()) {
      return null;
    }
    SavedQueue saved = codec.decodeSaved(files.path(StateFiles.QUEUE_FILE), bytes);
    return new Tracked(
        saved.queue(),
        saved.agentsStamp(),
        saved.journal(),
        new QueueFile(id, bytes.length, crcOf(bytes), saved.journal()),
        null);
  }

  private static Tracked withJournal(Tracked base, JournalState state) {
    return new Tracked(base.queue(), base.agentsStamp(), base.number(), base.queueFile(), state);
  }

  /** Between queue.json and its journal, changes are missing: a checkpoint ran, or worse. */
  private static final class Gap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Gap(String message) {
      super(message, null, false, false);
    }
  }
}
