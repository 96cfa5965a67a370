package queue.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import queue.core.error.CorruptStateException;
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
 * saves {@code agents.json} with a new stamp and then {@code queue.json} with that stamp, and a
 * reader that finds two stamps that differ read two transactions, and reads again.
 *
 * <p>Parsed files are cached by length and CRC32C, so a long-running writer that made the last save
 * does not parse its own file again.
 */
public final class FileSnapshotStore implements SnapshotStore {
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
      // A writer between the two reads: a read a moment later sees it whole. A writer that died
      // between its two saves leaves the stamps apart until the next save; after a bounded wait
      // the reader takes what is there rather than hang.
      if (queue.stamp() == agents.stamp() || attempt == READ_TRIES) {
        return new Snapshot(agents.value(), queue.value());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(READ_PAUSE_NANOS);
    }
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    return files.locked(
        () -> {
          removeLeftoverTempFilesOnce();
          Stamped<QueueState> queue = readQueue();
          Stamped<List<Agent>> agents = readAgents();
          Snapshot current = new Snapshot(agents.value(), queue.value());
          Result<R> result = transaction.apply(current);
          Snapshot next = result.next();
          long stamp = agents.stamp();
          if (next.agents() != current.agents()) {
            stamp = newStamp(stamp);
            byte[] bytes = codec.encodeAgents(next.agents(), stamp);
            files.save(StateFiles.AGENTS_FILE, bytes);
            agentsCache = parsed(bytes, new Stamped<>(next.agents(), stamp));
          }
          if (next.queue() != current.queue() || stamp != queue.stamp()) {
            // The commit point of a transaction that changed the agents: queue.json names the
            // agents.json it belongs with.
            byte[] bytes = codec.encodeQueue(next.queue(), stamp);
            files.save(StateFiles.QUEUE_FILE, bytes);
            queueCache = parsed(bytes, new Stamped<>(next.queue(), stamp));
          }
          return result.value();
        });
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
