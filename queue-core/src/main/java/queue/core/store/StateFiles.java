package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;

/**
 * The locked atomic save: the only code that reads or writes the state files ({@code queue.json},
 * {@code agents.json}) of a data directory.
 *
 * <p>Guarantees: {@link #locked} runs its work under the in-process lock and then the OS lock on
 * {@code queue.json.lock}, so one writer at a time across threads and processes. {@link #save}
 * writes a unique temp file (mode 0600), fsyncs it, keeps the current file as the last good
 * generation ({@code NAME.1}), renames the temp file over the target and fsyncs the directory. A
 * reader of the target sees the whole old file or the whole new one. If any step fails the target
 * keeps its old content, the temp file is removed and the caller gets a {@link
 * SaveFailedException}.
 *
 * <p>Not promised: the two state files are saved one after the other, not as one unit; a crash in
 * between leaves the first saved and the second not ({@link FileSnapshotStore} makes the second the
 * commit point, and {@link #revert} undoes the first).
 */
public final class StateFiles {
  public static final String QUEUE_FILE = "queue.json";
  public static final String AGENTS_FILE = "agents.json";
  public static final String LOCK_FILE = "queue.json.lock";
  public static final String GENERATION_SUFFIX = ".1";
  private static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
  static final int MOVE_ATTEMPTS = 6;
  private static final Logger log = LoggerFactory.getLogger(StateFiles.class);

  private final DataDirectory directory;
  private final FileOps ops;
  private final QueueLock lock;
  private final TempFiles tempFiles;

  /**
   * @param create true to create the directory (mode 0700) if it is missing and narrow an existing
   *     one to 0700; false for a reader, which needs the directory to exist and changes nothing
   */
  public StateFiles(Path directory, FileOps ops, Duration lockTimeout, boolean create) {
    this.directory = DataDirectory.open(directory, create);
    this.ops = ops;
    this.lock = new QueueLock(this.directory.path(), lockTimeout);
    this.tempFiles = new TempFiles(this.directory.path(), ops);
  }

  /** A writer's files: the directory is created if missing. */
  public StateFiles(Path directory, FileOps ops, Duration lockTimeout) {
    this(directory, ops, lockTimeout, true);
  }

  /** True when opened by a command that writes. */
  public boolean isWritable() {
    return directory.isWritable();
  }

  public Path directory() {
    return directory.path();
  }

  public Path path(String name) {
    return directory.path().resolve(name);
  }

  /** The whole content of a state file, read without the lock; empty if it does not exist. */
  public Optional<byte[]> read(String name) {
    Path file = path(name);
    DataDirectory.requireRegularFile(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_FILE_BYTES) {
        throw new CorruptStateException(
            file
                + " is "
                + size
                + " bytes, over the "
                + MAX_FILE_BYTES
                + "-byte limit; run 'queue doctor'",
            null);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // A rename never changes an open file, so this reads one whole generation.
      }
      return Optional.of(
          buffer.hasRemaining()
              ? java.util.Arrays.copyOf(buffer.array(), buffer.position())
              : buffer.array());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CorruptStateException(
          "cannot read " + file + ": " + IoReasons.of(e) + "; check its owner and permissions", e);
    }
  }

  /**
   * Writes, fsyncs and removes a small temp file, through the same file operations as a save: how
   * {@code doctor} finds a read-only file system, a full disk or a directory it may not write.
   */
  public void probeWrite() throws IOException {
    directory.probeWrite(ops);
  }

  /** Runs {@code work} holding the in-process lock and then the OS lock. */
  public <R> R locked(Supplier<R> work) {
    return locked(() -> {}, work);
  }

  /**
   * Runs {@code work} holding the in-process lock and then the OS lock; if another process holds
   * the OS lock, runs {@code whileWaiting} once first, without the OS lock (work that does not need
   * it, such as reading the files the holder is replacing), and then waits on. Its time counts
   * against the lock timeout.
   */
  public <R> R locked(Runnable whileWaiting, Supplier<R> work) {
    return lock.locked(whileWaiting, work);
  }

  /**
   * Atomically replaces a state file with {@code content}. Call only inside {@link #locked}.
   *
   * @return true if it replaced a file (kept as its generation), false if it created one
   */
  public boolean save(String name, byte[] content) {
    requireLocked(name);
    Path target = path(name);
    Path temp = TempFiles.nameFor(target);
    boolean hadPrevious = false;
    boolean moved = false;
    try {
      writeDurably(temp, content);
      hadPrevious = keepGeneration(target);
      moveWithRetry(temp, target);
      moved = true;
      ops.forceDirectory(directory.path());
      return hadPrevious;
    } catch (IOException e) {
      boolean restored = !moved || rollBack(target, hadPrevious);
      tempFiles.remove(temp);
      throw new SaveFailedException(
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
  }

  /**
   * Puts back what the last save of {@code name} replaced (its generation), or removes the file if
   * that save created it ({@code hadPrevious} false): for a transaction whose second save failed
   * after its first one was done. Call only inside {@link #locked}.
   */
  public void revert(String name, boolean hadPrevious) {
    requireLocked(name);
    Path target = path(name);
    try {
      if (!rollBack(target, hadPrevious)) {
        throw new IOException("the generation " + generationOf(target) + " could not be put back");
      }
      ops.forceDirectory(directory.path());
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

  /** The pid the lock holder (or the last one) wrote into the lock file. */
  public OptionalLong lockHolderPid() {
    return lock.holderPid();
  }

  /** True when another process holds the lock now; for `doctor`, which never holds it. */
  public boolean isLockHeldElsewhere() {
    return lock.isHeldElsewhere();
  }

  /** Temp files of state files in the directory: a crashed writer's leftovers, unless locked. */
  public List<Path> tempFiles() {
    return tempFiles.list();
  }

  /** Removes leftover temp files; under the lock no writer is mid-save, so all are leftovers. */
  public int removeTempFiles() {
    return locked(tempFiles::removeLeftovers);
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
    Path generation = generationOf(target);
    ops.deleteIfExists(generation);
    ops.link(generation, target);
    return true;
  }

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
    Path generation = generationOf(target);
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

  static Path generationOf(Path target) {
    return target.resolveSibling(target.getFileName() + GENERATION_SUFFIX);
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
