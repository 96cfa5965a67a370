package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.files.FileOps;

/**
 * The state files ({@code queue.json}, {@code agents.json}) of a data directory: the only way the
 * store reaches them on disk. They are read here, without the lock, and changed only by the locked
 * atomic save. The parts: {@link DataDirectory} sets the directory up, {@link QueueLock} lets one
 * writer at a time in, across threads and processes, {@link AtomicSave} replaces a file so that a
 * reader sees the whole old file or the whole new one, and {@link TempFiles} removes what a crashed
 * writer left.
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
  static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

  private final DataDirectory directory;
  private final FileOps ops;
  private final QueueLock lock;
  private final TempFiles tempFiles;
  private final AtomicSave atomicSave;
  private final Journal journal;
  private final CheckpointFiles checkpointFiles;

  /**
   * @param create true to create the directory (mode 0700) if it is missing and narrow an existing
   *     one to 0700; false for a reader, which needs the directory to exist and changes nothing
   */
  public StateFiles(Path directory, FileOps ops, Duration lockTimeout, boolean create) {
    this.directory = DataDirectory.open(directory, create);
    this.ops = ops;
    this.lock = new QueueLock(this.directory.path(), lockTimeout);
    this.tempFiles = new TempFiles(this.directory.path(), ops);
    this.atomicSave = new AtomicSave(this.directory.path(), ops, lock, tempFiles);
    this.journal = new Journal(this.directory.path(), ops);
    this.checkpointFiles = new CheckpointFiles(this.directory.path().resolve(QUEUE_FILE), ops);
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

  static Path generationOf(Path target) {
    return target.resolveSibling(target.getFileName() + GENERATION_SUFFIX);
  }

  /** {@code queue.json.journal}: records are appended there; it is replaced by {@link #save}. */
  Journal journal() {
    return journal;
  }

  /** The files checkpoints write {@code queue.json} into without the lock. */
  CheckpointFiles checkpointFiles() {
    return checkpointFiles;
  }

  /** The whole content of a state file, read without the lock; empty if it does not exist. */
  public Optional<byte[]> read(String name) {
    return read(name, Long.MAX_VALUE);
  }

  /**
   * The first {@code most} bytes of a state file (all of it when it is shorter), read without the
   * lock; empty if it does not exist.
   */
  Optional<byte[]> readStart(String name, int most) {
    return read(name, most);
  }

  private Optional<byte[]> read(String name, long most) {
    Path file = path(name);
    DataDirectory.requireRegularFile(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = Math.min(channel.size(), most);
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
   * Which file a name holds now, without reading it: a save replaces the file, so a new one has
   * another identity (inode), size or time. Null if there is none.
   */
  public FileId id(String name) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path(name), BasicFileAttributes.class);
      return new FileId(
          attributes.size(),
          attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
          attributes.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new CorruptStateException(
          "cannot read "
              + path(name)
              + ": "
              + IoReasons.of(e)
              + "; check its owner and permissions",
          e);
    }
  }

  /** A file's identity: its size, modification time and key (device and inode, where known). */
  public record FileId(long size, long modifiedNanos, Object key) {}

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
   * Atomically replaces a state file with {@code content} ({@link AtomicSave#save}). Call only
   * inside {@link #locked}.
   *
   * @return true if it replaced a file (kept as its generation), false if it created one
   */
  public boolean save(String name, byte[] content) {
    return atomicSave.save(name, content);
  }

  /**
   * Renames {@code written} (a checkpoint file, written and fsynced) over a state file, as the last
   * steps of {@link #save} ({@link AtomicSave#install}). Call only inside {@link #locked}.
   */
  boolean install(String name, Path written) {
    return atomicSave.install(name, written);
  }

  /**
   * Puts back what the last save of {@code name} replaced (its generation), or removes the file if
   * that save created it ({@code hadPrevious} false): for a transaction whose second save failed
   * after its first one was done. Call only inside {@link #locked}.
   */
  public void revert(String name, boolean hadPrevious) {
    atomicSave.revert(name, hadPrevious);
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

  /**
   * Removes leftover temp files; under the lock no writer is mid-save, so all are leftovers. A
   * checkpoint file is one only when no live writer holds it ({@link CheckpointFiles}).
   */
  public int removeTempFiles() {
    return locked(() -> tempFiles.removeLeftovers() + checkpointFiles.removeLeftovers().removed());
  }

  /**
   * Writes, fsyncs and removes a small temp file, through the same file operations as a save: how
   * {@code doctor} finds a read-only file system, a full disk or a directory it may not write.
   */
  public void probeWrite() throws IOException {
    directory.probeWrite(ops);
  }
}
