package queue.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.zip.CRC32C;
import queue.core.model.Agent;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;

/**
 * The store on disk: {@code queue.json} and {@code agents.json} in a data directory, saved through
 * {@link StateFiles}. A missing file is an empty state; a damaged one is refused, never replaced.
 *
 * <p>Parsed files are cached by length and CRC32C, so a long-running writer that made the last save
 * does not parse its own file again.
 */
public final class FileQueueStore implements QueueStore {
  private final StateFiles files;
  private final StateCodec codec;
  private volatile Parsed<QueueState> queueCache;
  private volatile Parsed<List<Agent>> agentsCache;
  private boolean tempFilesChecked;

  private record Parsed<T>(int length, long checksum, T value) {
    boolean matches(byte[] bytes) {
      return bytes.length == length && checksumOf(bytes) == checksum;
    }
  }

  public FileQueueStore(StateFiles files, StateCodec codec) {
    this.files = files;
    this.codec = codec;
  }

  /** A store on the real file system. */
  public static FileQueueStore open(Path directory, Duration lockTimeout) {
    return new FileQueueStore(
        new StateFiles(directory, new DefaultFileOps(), lockTimeout), new StateCodec());
  }

  public StateFiles files() {
    return files;
  }

  @Override
  public Snapshot read() {
    return new Snapshot(readAgents(), readQueue());
  }

  @Override
  public <R> R update(Transaction<R> transaction) {
    return files.locked(
        () -> {
          removeLeftoverTempFilesOnce();
          Snapshot current = read();
          Result<R> result = transaction.apply(current);
          Snapshot next = result.next();
          if (next.queue() != current.queue()) {
            byte[] bytes = codec.encodeQueue(next.queue());
            files.save(StateFiles.QUEUE_FILE, bytes);
            queueCache = new Parsed<>(bytes.length, checksumOf(bytes), next.queue());
          }
          if (next.agents() != current.agents()) {
            byte[] bytes = codec.encodeAgents(next.agents());
            files.save(StateFiles.AGENTS_FILE, bytes);
            agentsCache = new Parsed<>(bytes.length, checksumOf(bytes), next.agents());
          }
          return result.value();
        });
  }

  private QueueState readQueue() {
    Parsed<QueueState> parsed = readCached(StateFiles.QUEUE_FILE, queueCache, codec::decodeQueue);
    if (parsed == null) {
      return QueueState.EMPTY;
    }
    queueCache = parsed;
    return parsed.value();
  }

  private List<Agent> readAgents() {
    Parsed<List<Agent>> parsed =
        readCached(StateFiles.AGENTS_FILE, agentsCache, codec::decodeAgents);
    if (parsed == null) {
      return List.of();
    }
    agentsCache = parsed;
    return parsed.value();
  }

  private <T> Parsed<T> readCached(
      String name, Parsed<T> cached, BiFunction<Path, byte[], T> decode) {
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
    return new Parsed<>(bytes.length, checksumOf(bytes), decode.apply(file, bytes));
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
    if (!tempFilesChecked) {
      files.removeTempFiles();
      tempFilesChecked = true;
    }
  }

  private static long checksumOf(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }
}
