package queue.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.SaveFailedException;
import queue.core.model.Agent;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.snapshot.SnapshotStore;
import queue.core.store.StateCodec.Stamped;

/**
 * The state on disk: {@code queue.json} and {@code agents.json} in a data directory, saved through
 * {@link StateFiles}. A missing file is an empty state; a damaged one is refused, never replaced.
 *
 * <p>A read without the lock is one consistent snapshot: a transaction that changes the agents
 * saves {@code agents.json} with a new stamp and then {@code queue.json} with that stamp, its
 * commit point. A reader that finds {@code agents.json} ahead of {@code queue.json} takes the
 * agents the queue was saved with, from the generation ({@code agents.json.1}) the first save kept;
 * one that read two transactions reads again. A transaction whose {@code queue.json} cannot be
 * saved puts its {@code agents.json} back, and one whose writer died between the two saves is
 * undone by the next writer.
 *
 * <p>Parsed files are cached by length and CRC32C, so a long-running writer that made the last save
 * does not parse its own file again, and a writer that finds the lock held parses the current files
 * while it waits.
 */
public final class FileSnapshotStore implements SnapshotStore {
  private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);
  private static final int READ_TRIES = 100;
  private static final long READ_PAUSE_NANOS = 2_000_000;

  private final StateFiles files;
  private final StateCodec codec;
  private volatile Parsed<QueueState> queueCache;
  private volatile Parsed<List<Agent>> agentsCache;
  private boolean tempFilesChecked;

  private record Parsed<T>(int length, long checksum, Stamped<T> value) {
    boolean matches(byte[] bytes) {
      return bytes.length == length && checksumOf(bytes) == checksum;
    }
  }

  public FileSnapshotStore(StateFiles files, StateCodec codec) {
    this.files = files;
    this.codec = codec;
  }

  public StateFiles files() {
    return files;
  }

  @Override
  public Snapshot read() {
    for (int attempt = 1; ; attempt++) {
      Stamped<QueueState> queue = readQueue();
      Stamped<List<Agent>> agents = readAgents();
      if (queue.stamp() == agents.stamp()) {
        return new Snapshot(agents.value(), queue.value());
      }
      // agents.json is ahead: a transaction saved it and not yet queue.json (or died or failed
      // in between). What queue.json was saved with is the generation that save replaced.
      Stamped<List<Agent>> previous = readAgentsGeneration();
      if (previous != null && previous.stamp() == queue.stamp()) {
        return new Snapshot(previous.value(), queue.value());
      }
      // Two transactions between the two reads: a read a moment later sees one whole. Files
      // that never belonged together (restored by hand) are taken as they are, after a while.
      if (attempt == READ_TRIES) {
        return new Snapshot(agents.value(), queue.value());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(READ_PAUSE_NANOS);
    }
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    return files.locked(
        this::readAhead,
        () -> {
          removeLeftoverTempFilesOnce();
          Stamped<QueueState> queue = readQueue();
          Stamped<List<Agent>> agents = committedAgents(queue.stamp());
          Snapshot current = new Snapshot(agents.value(), queue.value());
          Result<R> result = transaction.apply(current);
          Snapshot next = result.next();
          long stamp = agents.stamp();
          boolean agentsSaved = false;
          boolean agentsExisted = false;
          if (next.agents() != current.agents()) {
            stamp = newStamp(stamp);
            byte[] bytes = codec.encodeAgents(next.agents(), stamp);
            agentsExisted = files.save(StateFiles.AGENTS_FILE, bytes);
            agentsSaved = true;
            agentsCache = parsed(bytes, new Stamped<>(next.agents(), stamp));
          }
          if (next.queue() != current.queue() || stamp != queue.stamp()) {
            byte[] bytes = codec.encodeQueue(next.queue(), stamp);
            commit(bytes, agentsSaved, agentsExisted);
            queueCache = parsed(bytes, new Stamped<>(next.queue(), stamp));
          }
          return result.value();
        });
  }

  // While another writer holds the lock, the files it is replacing are read and parsed here, so
  // that the parse overlaps the end of its save (a processor is woken by a sender's rename, before
  // the sender's directory fsync and unlock) instead of following it. Under the lock the files are
  // read again and checked against what was parsed (length and CRC32C, the cache's own check):
  // only a file that changed meanwhile is parsed again. A damaged file is left to that read, which
  // reports it.
  private void readAhead() {
    try {
      readQueue();
      readAgents();
    } catch (CorruptStateException e) {
      log.debug("reading ahead of the lock: {}", e.getMessage());
    }
  }

  // The commit point of a transaction: queue.json, which names the agents.json it belongs with.
  // If it cannot be saved, the agents.json this transaction saved is put back.
  private void commit(byte[] queueBytes, boolean agentsSaved, boolean agentsExisted) {
    try {
      files.save(StateFiles.QUEUE_FILE, queueBytes);
    } catch (SaveFailedException e) {
      if (agentsSaved) {
        try {
          files.revert(StateFiles.AGENTS_FILE, agentsExisted);
        } catch (SaveFailedException revert) {
          e.addSuppressed(revert);
        }
      }
      throw e;
    }
  }

  // Under the lock no transaction is under way: an agents.json ahead of queue.json was saved by
  // one that died between its two saves, or whose agents.json could not be put back. It never
  // committed, so its generation is put back before anything else is saved.
  private Stamped<List<Agent>> committedAgents(long queueStamp) {
    Stamped<List<Agent>> agents = readAgents();
    if (agents.stamp() == queueStamp) {
      return agents;
    }
    Stamped<List<Agent>> previous = readAgentsGeneration();
    if (previous == null || previous.stamp() != queueStamp) {
      return agents;
    }
    log.warn(
        "{} is from a transaction that did not finish (its writer died or failed before saving"
            + " {}); putting back its previous generation",
        files.path(StateFiles.AGENTS_FILE),
        StateFiles.QUEUE_FILE);
    files.revert(StateFiles.AGENTS_FILE, true);
    return previous;
  }

  // Read only when the stamps differ; a generation that cannot be read is not the one
  // queue.json was saved with.
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

  private Stamped<QueueState> readQueue() {
    Parsed<QueueState> parsed = readCached(StateFiles.QUEUE_FILE, queueCache, codec::decodeQueue);
    if (parsed == null) {
      return new Stamped<>(QueueState.EMPTY, 0);
    }
    queueCache = parsed;
    return parsed.value();
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
    return new Parsed<>(bytes.length, checksumOf(bytes), value);
  }

  // A missing file next to its last good generation means it was lost, not never written:
  // starting empty would silently drop the queue.
  private static void refuseIfOnlyGenerationExists(Path file) {
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

  private static long checksumOf(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
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
