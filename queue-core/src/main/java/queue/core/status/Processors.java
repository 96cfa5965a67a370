package queue.core.status;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import queue.core.error.SaveFailedException;
import queue.core.store.DefaultFileOps;

/**
 * Which processors are running on a data directory. Each live processor holds an OS lock on {@code
 * processors/PID-ID.lock}; the OS drops it when the process exits or is killed, so the answer is
 * right at once after a {@code kill -9}, with no heartbeat to go stale.
 */
public final class Processors {
  private static final String SUFFIX = ".lock";

  private final Path directory;

  public Processors(Path dataDirectory) {
    this.directory = dataDirectory.resolve("processors");
  }

  /** Marks this process as a running processor until the registration is closed or it dies. */
  public Registration register() {
    long pid = ProcessHandle.current().pid();
    try {
      DefaultFileOps.createDirectories(directory);
      // Unique per registration: tests run several processors in one JVM.
      Path file = directory.resolve(pid + "-" + java.util.UUID.randomUUID() + SUFFIX);
      FileChannel channel =
          FileChannel.open(
              file,
              EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              DefaultFileOps.ownerOnlyFile());
      FileLock lock = channel.lock();
      return new Registration(file, channel, lock);
    } catch (IOException e) {
      throw new SaveFailedException("cannot register the processor in " + directory + ": " + e, e);
    }
  }

  /** The pids of the processors running now. */
  public List<Long> running() {
    List<Long> pids = new ArrayList<>();
    for (Path file : files()) {
      long pid = pidOf(file);
      if (pid > 0 && isLive(file, pid)) {
        pids.add(pid);
      }
    }
    pids.sort(null);
    return pids;
  }

  /** Removes the files of processors that are gone; returns how many. */
  public int removeStale() {
    int removed = 0;
    for (Path file : files()) {
      long pid = pidOf(file);
      if (pid != ProcessHandle.current().pid() && !isLive(file, pid)) {
        try {
          removed += Files.deleteIfExists(file) ? 1 : 0;
        } catch (IOException e) {
          // Left for the next pass; a stale file never reads as live.
        }
      }
    }
    return removed;
  }

  // Locked by someone and that pid alive: running. The pid check covers a lock held for an
  // instant by another reader probing a dead processor's file.
  private static boolean isLive(Path file, long pid) {
    if (pid == ProcessHandle.current().pid()) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        lock.release();
        return false;
      }
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NoSuchFileException e) {
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  private List<Path> files() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      stream.forEach(found::add);
    } catch (NoSuchFileException e) {
      return found;
    } catch (IOException e) {
      throw new SaveFailedException("cannot list " + directory + ": " + e, e);
    }
    return found;
  }

  private static long pidOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.indexOf('-')));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return -1;
    }
  }

  /** A running processor's mark; closing it (or the process dying) removes it. */
  public static final class Registration implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private Registration(Path file, FileChannel channel, FileLock lock) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
        lock.release();
        channel.close();
      } catch (IOException e) {
        // The OS drops the lock when the process exits; a leftover file reads as not running.
      }
    }
  }
}
