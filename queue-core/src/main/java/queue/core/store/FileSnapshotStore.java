package queue.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.SaveFailedException;
import queue.core.model.Agent;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.snapshot.Head;
import queue.core.snapshot.SnapshotStore;
import queue.core.store.CheckpointFiles.Writing;
import queue.core.store.HeadReader.HeadRead;
import queue.core.store.QueueTracker.JournalState;
import queue.core.store.QueueTracker.Tracked;
import queue.core.store.StateCodec.Stamped;

/**
 * The state on disk: {@code queue.json}, its journal and {@code agents.json} in a data directory. A
 * missing file is an empty state; a damaged one is refused, never replaced.
 *
 * <p>A transaction commits by appending one record to {@code queue.json.journal} and fsyncing it
 * ({@link Journal}), whatever the queue holds; {@code queue.json} is rewritten by the locked atomic
 * save only as a checkpoint ({@link CheckpointPolicy}, {@link #checkpoint}), and the journal then
 * starts again. A change the journal cannot say, or one about as large as the state, is saved as a
 * checkpoint at once. A transaction that changes the agents saves {@code agents.json} (small) with
 * a new stamp first; its record, which names that stamp, is its commit point. A reader that finds
 * {@code agents.json} ahead of the state takes the agents from the generation the save kept ({@code
 * agents.json.1}); a transaction that fails puts it back, and one whose writer died is undone by
 * the next writer.
 *
 * <p>A process keeps the state it read or wrote and brings it up to date by reading only the
 * journal records appended since ({@link QueueTracker}). A send by a process that has not read the
 * state decides on its {@link Head}, read without parsing the queue ({@link HeadReader}).
 */
public final class FileSnapshotStore implements SnapshotStore {
  private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);
  private static final int READ_TRIES = 100;
  private static final long READ_PAUSE_NANOS = 2_000_000;

  private final StateFiles files;
  private final StateCodec codec;
  private final CheckpointPolicy policy;
  private final Journal journal;
  private final QueueTracker tracker;
  private final HeadReader heads;
  private final Checkpoints checkpoints;
  private volatile Tracked cache;
  private volatile Parsed<List<Agent>> agentsCache;
  private boolean tempFilesChecked;

  private record Parsed<T>(int length, long checksum, Stamped<T> value) {
    boolean matches(byte[] bytes) {
      return bytes.length == length && QueueTracker.crcOf(bytes) == checksum;
    }
  }

  public FileSnapshotStore(StateFiles files, StateCodec codec) {
    this(files, codec, CheckpointPolicy.DEFAULT);
  }

  public FileSnapshotStore(StateFiles files, StateCodec codec, CheckpointPolicy policy) {
    this.files = files;
    this.codec = codec;
    this.policy = policy;
    this.journal = files.journal();
    this.tracker = new QueueTracker(files, codec, journal);
    this.heads = new HeadReader(files, codec, journal);
    this.checkpoints = new Checkpoints(files, codec, journal);
  }

  public StateFiles files() {
    return files;
  }

  @Override
  public Snapshot read() {
    for (int attempt = 1; ; attempt++) {
      Tracked queue = tracked(false);
      Snapshot snapshot = withAgents(queue.queue(), queue.agentsStamp(), attempt == READ_TRIES);
      if (snapshot != null) {
        return snapshot;
      }
      LockSupport.parkNanos(READ_PAUSE_NANOS);
    }
  }

  // agents.json is ahead: a transaction saved it and has not yet committed (or died or failed
  // in between). What the state was committed with is the generation that save replaced. Null
  // when two transactions came between the two reads: a read a moment later sees one whole.
  // Files that never belonged together (restored by hand) are taken as they are, after a while.
  private Snapshot withAgents(QueueState queue, long stamp, boolean takeAsTheyAre) {
    List<Agent> agents = committedAgents(stamp, false);
    if (agents != null) {
      return new Snapshot(agents, queue);
    }
    return takeAsTheyAre ? new Snapshot(readAgents().value(), queue) : null;
  }

  @Override
  public Head head() {
    if (cache == null) {
      HeadRead read = heads.read(false);
      List<Agent> agents = read == null ? null : committedAgents(read.agentsStamp(), false);
      if (agents != null) {
        return new Head(agents, read.nextSeq(), read.lastKey(), this::read);
      }
    }
    return Head.of(read());
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    Committed<R> committed =
        files.locked(
            this::catchUpWhileWaiting,
            () -> {
              removeLeftoverTempFilesOnce();
              Tracked tracked = tracked(true);
              List<Agent> agents = committedAgents(tracked.agentsStamp(), true);
              Snapshot current = new Snapshot(agents, tracked.queue());
              Result<R> result = transaction.apply(current);
              Snapshot next = result.next();
              Writing checkpoint = null;
              if (next.agents() != current.agents()) {
                checkpoint = commitWithAgents(tracked, current, next);
              } else if (next.queue() != current.queue()) {
                checkpoint =
                    commit(
                        tracked,
                        next.queue(),
                        tracked.agentsStamp(),
                        stamp -> StateChange.between(current.queue(), next.queue(), stamp));
              }
              return new Committed<>(result.value(), checkpoint);
            });
    checkpointQuietly(committed.checkpoint());
    return committed.value();
  }

  /** A transaction's value, and the checkpoint its commit started (null for none). */
  private record Committed<R>(R value, Writing checkpoint) {}

  @Override
  public Optional<Head> lastHead() {
    Parsed<List<Agent>> agents = agentsCache;
    if (agents == null) {
      return Optional.empty();
    }
    Tracked known = cache;
    if (known != null) {
      return known.agentsStamp() == agents.value().stamp()
          ? Optional.of(Head.of(new Snapshot(agents.value().value(), known.queue())))
          : Optional.empty();
    }
    HeadRead read = heads.last();
    return read != null && read.agentsStamp() == agents.value().stamp()
        ? Optional.of(new Head(agents.value().value(), read.nextSeq(), read.lastKey(), this::read))
        : Optional.empty();
  }

  @Override
  public <R> R add(Addition<R> addition) {
    Committed<R> committed =
        files.locked(
            () -> readAheadQuietly(() -> cache == null ? heads.read(false) : tracked(false)),
            () -> {
              removeLeftoverTempFilesOnce();
              HeadRead head = cache == null ? heads.read(true) : null;
              return head == null ? addToWholeState(addition) : addToHead(head, addition);
            });
    checkpointQuietly(committed.checkpoint());
    return committed.value();
  }

  // A process that has not read the state: the send is decided on the head and appended as it
  // is; only a send that asks for the whole state (to find an earlier message) reads it.
  private <R> Committed<R> addToHead(HeadRead read, Addition<R> addition) {
    List<Agent> agents = committedAgents(read.agentsStamp(), true);
    Head head =
        new Head(
            agents,
            read.nextSeq(),
            read.lastKey(),
            () -> new Snapshot(agents, tracked(true).queue()));
    Added<R> added = addition.apply(head);
    if (added.message() == null) {
      return new Committed<>(added.value(), null);
    }
    StateChange change =
        StateChange.added(
            read.nextSeq(), added.message(), added.entries(), added.lastKey(), read.agentsStamp());
    Journal.Position end =
        journal.append(read.end(), read.number() + 1, codec.encodeRecord(change));
    heads.appended(read, change, end);
    boolean due = policy.isDue(end.end(), read.records() + 1, read.queue().length());
    return new Committed<>(added.value(), due ? startCheckpointQuietly() : null);
  }

  private <R> Committed<R> addToWholeState(Addition<R> addition) {
    Tracked tracked = tracked(true);
    Snapshot current = new Snapshot(committedAgents(tracked.agentsStamp(), true), tracked.queue());
    Added<R> added = addition.apply(Head.of(current));
    Writing checkpoint = null;
    if (added.message() != null) {
      checkpoint =
          commit(
              tracked,
              added.appliedTo(current.queue()),
              tracked.agentsStamp(),
              stamp ->
                  StateChange.added(
                      current.queue().nextSeq(),
                      added.message(),
                      added.entries(),
                      added.lastKey(),
                      stamp));
    }
    return new Committed<>(added.value(), checkpoint);
  }

  // agents.json is saved first with a new stamp; the record (or checkpoint) that names the stamp
  // commits both. If that fails, the agents.json this transaction saved is put back.
  private Writing commitWithAgents(Tracked tracked, Snapshot current, Snapshot next) {
    long stamp = newStamp(tracked.agentsStamp());
    byte[] bytes = codec.encodeAgents(next.agents(), stamp);
    boolean agentsExisted = files.save(StateFiles.AGENTS_FILE, bytes);
    agentsCache = parsed(bytes, new Stamped<>(next.agents(), stamp));
    try {
      return commit(
          tracked, next.queue(), stamp, s -> StateChange.between(current.queue(), next.queue(), s));
    } catch (SaveFailedException e) {
      try {
        files.revert(StateFiles.AGENTS_FILE, agentsExisted);
      } catch (SaveFailedException revert) {
        e.addSuppressed(revert);
      }
      agentsCache = null;
      throw e;
    }
  }

  // The commit of a queue state: one record appended, or a checkpoint when there is no
  // queue.json yet or the change is one the journal cannot say or about the state's size. When
  // the journal is past the policy's limits, a checkpoint is started, to be written once the lock
  // is released.
  private Writing commit(
      Tracked tracked, QueueState next, long stamp, LongFunction<StateChange> changeOf) {
    Tracked committed;
    try {
      committed = appendOrSaveWhole(tracked, next, stamp, changeOf);
      cache = committed;
    } catch (SaveFailedException e) {
      cache = null;
      throw e;
    }
    boolean due =
        Checkpoints.foldable(committed)
            && policy.isDue(
                committed.journal().position().end(),
                committed.records(),
                committed.queueFile().length());
    return due ? startCheckpointQuietly() : null;
  }

  private Tracked appendOrSaveWhole(
      Tracked tracked, QueueState next, long stamp, LongFunction<StateChange> changeOf) {
    long number = tracked.number() + 1;
    Tracked following = tracked;
    if (!tracked.journalFollowsQueueFile()) {
      if (tracked.queueFile() == null) {
        return checkpoints.saveWhole(next, stamp, number);
      }
      following = checkpoints.restartJournal(tracked);
    }
    StateChange change = changeOf.apply(stamp);
    if (change == null
        || policy.savesWhole(change.size(), next.entries().size() + next.messages().size())) {
      return checkpoints.saveWhole(next, stamp, number);
    }
    JournalState journalState = following.journal();
    Journal.Position end =
        journal.append(journalState.position(), number, codec.encodeRecord(change));
    return new Tracked(
        next,
        stamp,
        number,
        following.queueFile(),
        new JournalState(journalState.firstNumber(), journalState.marker(), end));
  }

  /**
   * Folds the journal into {@code queue.json}, so that it alone holds every change committed before
   * the call: what a processor does when it stops. Nothing to do when it already does. The fold is
   * written without the lock, so changes other writers commit meanwhile follow it in the journal.
   * When it could not be (another checkpoint was being written, from an older state, or replaced
   * {@code queue.json} first), the journal is folded under the lock, as a change saved whole is.
   */
  @Override
  public void checkpoint() {
    Writing file =
        files.locked(
            () -> {
              removeLeftoverTempFilesOnce();
              Tracked tracked = tracked(true);
              committedAgents(tracked.agentsStamp(), true);
              return Checkpoints.foldable(tracked) ? checkpoints.start() : null;
            });
    boolean folded = file != null && checkpointWithoutLock(file);
    files.locked(
        () -> {
          Tracked tracked = tracked(true);
          if (tracked.queueFile() == null && tracked.number() == 0) {
            return null;
          }
          boolean whole =
              tracked.queueFile() != null && tracked.number() == tracked.queueFile().through();
          if (!whole && !folded) {
            cache = checkpoints.saveWhole(tracked.queue(), tracked.agentsStamp(), tracked.number());
          } else if (!tracked.journalFollowsQueueFile()) {
            cache = checkpoints.restartJournal(tracked);
          }
          return null;
        });
  }

  // Under the lock, after a change committed: a checkpoint file is made, unless another
  // checkpoint is being written. A failure here leaves the change committed.
  private Writing startCheckpointQuietly() {
    try {
      return checkpoints.start();
    } catch (SaveFailedException | CorruptStateException e) {
      logNotFolded(e);
      return null;
    }
  }

  // A checkpoint past the policy's limits, after a change already committed: if it fails, the
  // change stands and the journal stays whole; a later change tries again.
  private void checkpointQuietly(Writing file) {
    if (file == null) {
      return;
    }
    try {
      checkpointWithoutLock(file);
    } catch (SaveFailedException | CorruptStateException e) {
      logNotFolded(e);
    }
  }

  private void logNotFolded(RuntimeException e) {
    log.warn(
        "could not fold {} into {}: {}; the journal stays as it is and is folded after a later"
            + " change",
        journal.path(),
        StateFiles.QUEUE_FILE,
        e.getMessage());
  }

  // The state as of the last record read is encoded and fsynced into the checkpoint file without
  // the lock: sends and claims go on meanwhile. Only the renames take the lock (Checkpoints).
  // False when it was not renamed in: another checkpoint came first.
  private boolean checkpointWithoutLock(Writing file) {
    try (file) {
      Tracked from = tracked(false);
      if (!Checkpoints.foldable(from)) {
        return false;
      }
      Checkpoints.Prepared prepared = checkpoints.write(file, from);
      return files.locked(
          () -> {
            Tracked installed = checkpoints.install(prepared, file, tracked(true));
            if (installed != null) {
              cache = installed;
            }
            return installed != null;
          });
    }
  }

  private Tracked tracked(boolean locked) {
    Tracked current = tracker.current(cache, locked);
    cache = current;
    return current;
  }

  // While another writer holds the lock, what it is changing is read here, so that the read
  // overlaps the end of its save (a processor is woken by a sender's append, before the sender
  // unlocks) instead of following it. Under the lock only what was appended since is read.
  private void catchUpWhileWaiting() {
    readAheadQuietly(
        () -> {
          tracked(false);
          return readAgents();
        });
  }

  // A damaged file is left to the read under the lock, which reports it.
  private static void readAheadQuietly(Supplier<?> read) {
    try {
      read.get();
    } catch (CorruptStateException e) {
      log.debug("reading ahead of the lock: {}", e.getMessage());
    }
  }

  /**
   * The agents the state with {@code stamp} was committed with, or null (not {@code repair}) when
   * none of the files has them. Holding the lock ({@code repair}), no transaction is under way: an
   * {@code agents.json} ahead of the state was saved by one that died before its commit, or whose
   * {@code agents.json} could not be put back; its generation is put back (or, for a first save,
   * the file removed) before anything else is saved.
   */
  private List<Agent> committedAgents(long stamp, boolean repair) {
    Stamped<List<Agent>> agents = readAgents();
    if (agents.stamp() == stamp) {
      return agents.value();
    }
    Path generation = files.path(StateFiles.AGENTS_FILE + StateFiles.GENERATION_SUFFIX);
    Stamped<List<Agent>> previous = readAgentsGeneration();
    // A first save of agents.json keeps no generation: while nothing names any stamp, what it
    // holds was never committed.
    boolean uncommittedFirst = stamp == 0 && !Files.exists(generation);
    if ((previous == null || previous.stamp() != stamp) && !uncommittedFirst) {
      return repair ? agents.value() : null;
    }
    if (repair) {
      log.warn(
          "{} is from a transaction that did not finish (its writer died or failed before it"
              + " committed); putting back its previous state",
          files.path(StateFiles.AGENTS_FILE));
      files.revert(StateFiles.AGENTS_FILE, !uncommittedFirst);
      agentsCache = null;
    }
    return uncommittedFirst ? List.of() : previous.value();
  }

  // Read only when the stamps differ; a generation that cannot be read is not the one the
  // state was committed with.
  private Stamped<List<Agent>> readAgentsGeneration() {
    String name = StateFiles.AGENTS_FILE + StateFiles.GENERATION_SUFFIX;
    try {
      Parsed<List<Agent>> parsed = readCached(name, null, codec::decodeAgents);
      return parsed == null ? null : parsed.value();
    } catch (CorruptStateException e) {
      return null;
    }
  }

  @Override
  public <R> R exclusive(Supplier<R> work) {
    return files.locked(work);
  }

  private static long newStamp(long previous) {
    long stamp;
    do {
      stamp = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    } while (stamp == previous);
    return stamp;
  }

  private Stamped<List<Agent>> readAgents() {
    Parsed<List<Agent>> parsed =
        readCached(StateFiles.AGENTS_FILE, agentsCache, codec::decodeAgents);
    if (parsed == null) {
      return new Stamped<>(List.of(), 0);
    }
    agentsCache = parsed;
    return parsed.value();
  }

  private <T> Parsed<T> readCached(
      String name, Parsed<T> cached, BiFunction<Path, byte[], Stamped<T>> decode) {
    Path file = files.path(name);
    Optional<byte[]> content = files.read(name);
    if (content.isEmpty()) {
      refuseIfOnlyGenerationExists(file);
      return null;
    }
    byte[] bytes = content.get();
    if (cached != null && cached.matches(bytes)) {
      return cached;
    }
    return parsed(bytes, decode.apply(file, bytes));
  }

  private static <T> Parsed<T> parsed(byte[] bytes, Stamped<T> value) {
    return new Parsed<>(bytes.length, QueueTracker.crcOf(bytes), value);
  }

  // A missing file next to its last good generation means it was lost, not never written:
  // starting empty would silently drop the queue.
  static void refuseIfOnlyGenerationExists(Path file) {
    Path generation = StateFiles.generationOf(file);
    if (Files.exists(generation)) {
      throw StateCodec.corrupt(
          file,
          "it is missing but its last good generation " + generation.getFileName() + " exists",
          null);
    }
  }

  private void removeLeftoverTempFilesOnce() {
    if (!tempFilesChecked && files.isWritable()) {
      files.removeTempFiles();
      tempFilesChecked = true;
    }
  }

  /** True once this store has read (or written) the whole state: a fresh send never does. */
  boolean holdsWholeState() {
    return cache != null;
  }

  /** For diagnostics: decodes a file's bytes and throws what a read would throw. */
  void check(String name, byte[] bytes) throws CorruptStateException {
    Path file = files.path(name);
    if (name.equals(StateFiles.QUEUE_FILE)) {
      codec.decodeQueue(file, bytes);
    } else {
      codec.decodeAgents(file, bytes);
    }
  }
}
