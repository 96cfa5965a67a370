package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.FileOps;

/**
 * The locked atomic save: the only code that replaces a state file on disk, and only while this
 * thread holds the {@link QueueLock}.
 *
 * <p>Guarantees: {@link #save} writes a unique temp file (mode 0600), fsyncs it, keeps the current
 * file as the last good generation ({@code NAME.1}), renames the temp file over the target and
 * fsyncs the directory. A reader of the target sees the whole old file or the whole new one. If any
 * step fails the target keeps its old content, the temp file is removed and the caller gets a
 * {@link SaveFailedException}. {@link #revert} puts back what the last save replaced.
 *
 * <p>Not promised: a file the rollback of a failed save could not put back may hold the new
 * content; the error then says so.
 */
final class AtomicSave {
  static final int MOVE_ATTEMPTS = 6;
  private static final Logger log = LoggerFactory.getLogger(AtomicSave.class);

  private final Path directory;
  private final FileOps ops;
  private final QueueLock lock;
  private final TempFiles tempFiles;

  AtomicSave(Path directory, FileOps ops, QueueLock lock, TempFiles tempFiles) {
    this.directory = directory;
    this.ops = ops;
    this.lock = lock;
    this.tempFiles = tempFiles;
  }

  /**
   * Atomically replaces the state file {@code name} with {@code content}.
   *
   * @return true if it replaced a file (kept as its generation), false if it created one
   */
  boolean save(String name, byte[] content) {
    requireLocked(name);
    Path target = directory.resolve(name);
    Path temp = TempFiles.nameFor(target);
    try {
      writeDurably(temp, content);
    } catch (IOException e) {
      tempFiles.remove(temp);
      throw failed(target, e, true);
    }
    return replace(target, temp);
  }

  /**
   * Renames {@code written}, a file already written and fsynced beside the state file {@code name}
   * (a checkpoint's, written without the lock), over it: the steps of {@link #save} after its temp
   * file's fsync. If a step fails, the target keeps its old content and {@code written} is removed.
   *
   * @return true if it replaced a file (kept as its generation), false if it created one
   */
  boolean install(String name, Path written) {
    requireLocked(name);
    return replace(directory.resolve(name), written);
  }

  private boolean replace(Path target, Path temp) {
    boolean hadPrevious = false;
    boolean moved = false;
    try {
      hadPrevious = keepGeneration(target);
      // The commit point: from this rename on, readers see the new content. It stands once the
      // directory fsync below has made it durable; if that fails, the rollback puts the old back.
      moveWithRetry(temp, target);
      moved = true;
      ops.forceDirectory(directory);
      return hadPrevious;
    } catch (IOException e) {
      boolean restored = !moved || rollBack(target, hadPrevious);
      tempFiles.remove(temp);
      throw failed(target, e, restored);
    }
  }

  private static SaveFailedException failed(Path target, IOException e, boolean restored) {
    return new SaveFailedException(
        "could not save "
            + target
            + ": "
            + IoReasons.of(e)
            + (restored
                ? "; it still holds its previous state"
                : "; putting its previous state back failed too, so it may hold the new one;"
                    + " run 'queue doctor'"),
        e);
  }

  /**
   * Puts back what the last save of {@code name} replaced (its generation), or removes the file if
   * that save created it ({@code hadPrevious} false).
   */
  void revert(String name, boolean hadPrevious) {
    requireLocked(name);
    Path target = directory.resolve(name);
    try {
      if (!rollBack(target, hadPrevious)) {
        throw new IOException(
            "the generation " + StateFiles.generationOf(target) + " could not be put back");
      }
      ops.forceDirectory(directory);
    } catch (IOException e) {
      throw new SaveFailedException(
          "could not put back the previous " + target + ": " + e + "; run 'queue doctor'", e);
    }
  }

  private void requireLocked(String name) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("save or revert of " + name + " outside locked()");
    }
  }

  private void writeDurably(Path temp, byte[] content) throws IOException {
    try (FileChannel channel = ops.createNew(temp)) {
      ops.write(channel, ByteBuffer.wrap(content));
      ops.force(channel);
    }
  }

  // The current file becomes NAME.1 by a hard link, so `doctor` can offer it if a later
  // generation is ever damaged; it costs no copy.
  private boolean keepGeneration(Path target) throws IOException {
    if (!Files.exists(target)) {
      return false;
    }
    Path generation = StateFiles.generationOf(target);
    ops.deleteIfExists(generation);
    ops.link(generation, target);
    return true;
  }

  // A rename refused while another process has the file open (as on Windows) is tried again.
  private void moveWithRetry(Path temp, Path target) throws IOException {
    long backoffMillis = 2;
    for (int attempt = 1; ; attempt++) {
      try {
        ops.atomicMove(temp, target);
        return;
      } catch (NoSuchFileException e) {
        throw e;
      } catch (IOException e) {
        if (attempt == MOVE_ATTEMPTS) {
          throw e;
        }
        log.debug("rename of {} refused (attempt {}), retrying: {}", target, attempt, e.toString());
        sleepWithJitter(backoffMillis);
        backoffMillis *= 2;
      }
    }
  }

  // The rename happened but could not be made durable, or the save was the first half of a
  // transaction whose second half failed: put the previous generation back so that the caller's
  // error and the file agree.
  private boolean rollBack(Path target, boolean hadPrevious) {
    Path generation = StateFiles.generationOf(target);
    Path restore = TempFiles.nameFor(target);
    try {
      if (hadPrevious) {
        ops.link(restore, generation);
        ops.atomicMove(restore, target);
      } else {
        ops.deleteIfExists(target);
      }
      return true;
    } catch (IOException e) {
      log.error("could not put back the previous {}", target, e);
      tempFiles.remove(restore);
      return false;
    }
  }

  private static void sleepWithJitter(long millis) {
    long jittered =
        Math.max(1, Math.round(millis * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    try {
      Thread.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
