package queue.core.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.SaveFailedException;
import queue.core.model.QueueState;
import queue.core.store.CheckpointFiles.Writing;
import queue.core.store.QueueTracker.JournalState;
import queue.core.store.QueueTracker.QueueFile;
import queue.core.store.QueueTracker.Tracked;
import queue.core.store.StateCodec.MarkerFile;

/**
 * The journal folded into {@code queue.json}. A checkpoint holds the queue lock only for its
 * renames: the state as of record N (immutable, so no lock is needed to read it) is encoded into a
 * checkpoint file and fsynced without the lock ({@link #write}); then, under the lock, the file is
 * renamed over {@code queue.json} and the journal starts again after N, carrying the records
 * appended meanwhile ({@link #install}). A checkpoint whose {@code queue.json} or journal changed
 * in between (another writer checkpointed first) is dropped.
 *
 * <p>Each step leaves a state readers read whole: until the first rename, the old files; after it,
 * the new {@code queue.json} (through N) with the old journal, whose records up to N readers skip;
 * after the second, the new journal, which starts at N and holds the records after it.
 */
final class Checkpoints {
  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

  private final StateFiles files;
  private final StateCodec codec;
  private final Journal journal;

  Checkpoints(StateFiles files, StateCodec codec, Journal journal) {
    this.files = files;
    this.codec = codec;
    this.journal = journal;
  }

  /** The state written into a checkpoint file: {@code from}, and the file's length and CRC32C. */
  record Prepared(Tracked from, long length, long crc) {}

  /** True when the journal holds records that {@code queue.json} does not. */
  static boolean foldable(Tracked tracked) {
    return tracked.queueFile() != null
        && tracked.journal() != null
        && tracked.number() > tracked.queueFile().through();
  }

  /**
   * Under the lock: a checkpoint file to write into, or null when another checkpoint is being
   * written, which makes this one needless.
   */
  Writing start() {
    return files.checkpointFiles().start();
  }

  /** Without the lock: {@code from}'s state encoded into {@code file}, and fsynced. */
  Prepared write(Writing file, Tracked from) {
    byte[] bytes = codec.encodeQueue(from.queue(), from.agentsStamp(), from.number());
    file.write(bytes);
    return new Prepared(from, bytes.length, QueueTracker.crcOf(bytes));
  }

  /**
   * Under the lock, with {@code current} just read under it: renames the checkpoint file in and
   * starts the journal again after it, carrying the records after the prepared state. Null (and
   * nothing changed) when {@code queue.json} or the journal is no longer the one the prepared state
   * was read from: another checkpoint came first, or the records it was read with are not there
   * byte for byte (a reader without the lock can see a record whose append then failed).
   */
  Tracked install(Prepared prepared, Writing file, Tracked current) {
    Tracked from = prepared.from();
    Optional<Journal.Contents> since = journal.readFrom(from.journal().position());
    if (!sameQueueFile(from, current)
        || since.isEmpty()
        || since.get().first() != null
        || since.get().position().lastNumber() != current.number()) {
      log.debug(
          "dropping a checkpoint of record {}: queue.json or its journal changed", from.number());
      return null;
    }
    files.install(StateFiles.QUEUE_FILE, file.handOver());
    QueueFile saved =
        new QueueFile(
            files.id(StateFiles.QUEUE_FILE), prepared.length(), prepared.crc(), from.number());
    Tracked installed =
        new Tracked(
            current.queue(), current.agentsStamp(), current.number(), saved, current.journal());
    return restartJournalQuietly(installed, since.get().records());
  }

  /**
   * Under the lock: {@code queue.json} saved whole by the locked atomic save, holding the changes
   * up to record {@code number} (its rename is the commit point of a change saved this way), then
   * the journal started again after it.
   */
  Tracked saveWhole(QueueState queue, long stamp, long number) {
    byte[] bytes = codec.encodeQueue(queue, stamp, number);
    files.save(StateFiles.QUEUE_FILE, bytes);
    QueueFile saved =
        new QueueFile(
            files.id(StateFiles.QUEUE_FILE), bytes.length, QueueTracker.crcOf(bytes), number);
    return restartJournalQuietly(new Tracked(queue, stamp, number, saved, null), List.of());
  }

  /**
   * Under the lock: a journal that follows {@code queue.json} as it is now, holding the records of
   * the current journal that {@code queue.json} does not (after a checkpoint whose second step was
   * not done, or a {@code queue.json} put back by hand).
   */
  Tracked restartJournal(Tracked tracked) {
    long through = tracked.queueFile().through();
    List<Journal.Line> after =
        tracked.number() == through
            ? List.of()
            : journal.read().orElseThrow().records().stream()
                .filter(line -> line.number() > through)
                .toList();
    return restartJournal(tracked, after);
  }

  // If the journal cannot start again, queue.json holds every record the old journal holds up to
  // its own number, and readers skip those: the next writer starts the journal again.
  private Tracked restartJournalQuietly(Tracked tracked, List<Journal.Line> after) {
    try {
      return restartJournal(tracked, after);
    } catch (SaveFailedException e) {
      log.warn(
          "{} is saved, but {} could not be started again: {}; the next change starts it",
          files.path(StateFiles.QUEUE_FILE),
          journal.path(),
          e.getMessage());
      return tracked;
    }
  }

  // The new journal is saved whole by the locked atomic save: its first line names queue.json as
  // it is now, and the records after it are those queue.json does not hold, as they were.
  private Tracked restartJournal(Tracked tracked, List<Journal.Line> after) {
    QueueFile queueFile = tracked.queueFile();
    long last = after.isEmpty() ? queueFile.through() : after.get(after.size() - 1).number();
    if (last != tracked.number()) {
      throw new IllegalStateException(
          "the records after "
              + queueFile.through()
              + " end at "
              + last
              + ", not "
              + tracked.number());
    }
    MarkerFile marker = QueueTracker.markerFor(queueFile);
    byte[] first = Journal.line(queueFile.through(), codec.encodeMarker(marker));
    Journal.Start start = Journal.startingWith(queueFile.through(), first, after);
    files.save(Journal.NAME, start.bytes());
    return new Tracked(
        tracked.queue(),
        tracked.agentsStamp(),
        tracked.number(),
        queueFile,
        new JournalState(queueFile.through(), marker, start.end()));
  }

  private static boolean sameQueueFile(Tracked from, Tracked current) {
    return from.queueFile() != null
        && current.queueFile() != null
        && Objects.equals(from.queueFile().id(), current.queueFile().id());
  }
}
