package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.FileOps;

/**
 * The files a checkpoint writes {@code queue.json} into before it renames them in: {@code
 * queue.json.checkpoint-<random>}. Unlike a save's temp file, one is written without the queue
 * lock, so being found while the lock is free does not make it a leftover. Its writer creates it
 * and takes an OS lock on it under the queue lock, and holds that lock until the file is renamed in
 * or removed; the OS releases the lock when the writer dies. So, under the queue lock, a checkpoint
 * file that can be locked is a dead writer's leftover, and one that cannot is being written: then
 * no second checkpoint is started, which would only lose the race.
 */
final class CheckpointFiles {
  private static final String MARK = ".checkpoint-";
  private static final Logger log = LoggerFactory.getLogger(CheckpointFiles.class);
  // POSIX locks belong to a whole process: closing any channel on a file this JVM has locked
  // drops the lock. So the files this JVM writes are known here and never opened to be tested.
  private static final Set<Path> WRITTEN_HERE = ConcurrentHashMap.newKeySet();

  private final Path target;
  private final FileOps ops;

  CheckpointFiles(Path target, FileOps ops) {
    this.target = target;
    this.ops = ops;
  }

  /**
   * Under the queue lock: a new checkpoint file, locked, after removing the leftovers of writers
   * that died; null when another checkpoint is being written, in this process or another.
   */
  Writing start() {
    if (removeLeftovers().beingWritten() > 0) {
      return null;
    }
    Path file = target.resolveSibling(target.getFileName() + MARK + random());
    FileChannel channel = null;
    try {
      channel = ops.createNew(file);
      WRITTEN_HERE.add(file);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("it is locked by another process");
      }
      return new Writing(file, channel, lock);
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(channel);
      remove(file);
      throw new SaveFailedException(
          "could not create " + file + ": " + describe(e) + "; queue.json is unchanged", e);
    }
  }

  /** What a look at the checkpoint files found: leftovers removed, and files being written. */
  record Found(int removed, int beingWritten) {}

  /** Under the queue lock: removes the checkpoint files no live writer holds. */
  Found removeLeftovers() {
    int removed = 0;
    int beingWritten = 0;
    for (Path file : list()) {
      if (WRITTEN_HERE.contains(file) || isLockedElsewhere(file)) {
        beingWritten++;
      } else {
        remove(file);
        removed++;
      }
    }
    if (removed > 0) {
      log.info("removed {} checkpoint file(s) left by a writer that died", removed);
    }
    return new Found(removed, beingWritten);
  }

  private List<Path> list() {
    List<Path> found = new ArrayList<>();
    String pattern = target.getFileName() + MARK + "*";
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(target.getParent(), pattern)) {
      stream.forEach(found::add);
    } catch (IOException e) {
      throw new CorruptStateException(
          "cannot list " + target.getParent() + ": " + IoReasons.of(e), e);
    }
    return found;
  }

  // A file that cannot be opened is treated as in use: leaving it costs only space.
  private static boolean isLockedElsewhere(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return Files.exists(file);
    }
  }

  private void remove(Path file) {
    try {
      ops.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not remove {}: {}; a later checkpoint removes it", file, e.toString());
    } finally {
      WRITTEN_HERE.remove(file);
    }
  }

  private static String random() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private static String describe(Exception e) {
    return e instanceof IOException io ? IoReasons.of(io) : e.toString();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing a checkpoint file: {}", e.toString());
    }
  }

  /**
   * A checkpoint file being written, locked by this process. Closing it releases the lock and
   * removes the file if it was not renamed in.
   */
  final class Writing implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private Writing(Path file, FileChannel channel, FileLock lock) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    /** Writes the whole content and fsyncs it; no lock needed. */
    void write(byte[] content) {
      try {
        ops.write(channel, ByteBuffer.wrap(content));
        ops.force(channel);
      } catch (IOException e) {
        throw new SaveFailedException(
            "could not write " + file + ": " + IoReasons.of(e) + "; queue.json is unchanged", e);
      }
    }

    /**
     * The file, closed and unlocked to be renamed in: call it holding the queue lock, which keeps
     * every remover of leftovers out until the rename is done.
     */
    Path handOver() {
      release();
      return file;
    }

    @Override
    public void close() {
      release();
      remove(file);
    }

    private void release() {
      if (!channel.isOpen()) {
        return;
      }
      try {
        lock.release();
      } catch (IOException e) {
        log.debug("releasing {}: {}", file, e.toString());
      } finally {
        closeQuietly(channel);
      }
    }
  }
}
