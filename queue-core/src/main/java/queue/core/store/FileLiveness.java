package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import queue.core.api.Liveness;
import queue.core.api.ProcessorInfo;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.DefaultFileOps;
import queue.core.json.Json;
import tools.jackson.core.JacksonException;

/**
 * Which processors run on a data directory. Each live processor holds an OS lock on {@code
 * processors/PID-ID.lock}, which holds its {@link ProcessorInfo}; the OS drops the lock when the
 * process exits or is killed, so the answer is right at once after a {@code kill -9}, with no
 * heartbeat to go stale.
 */
public final class FileLiveness implements Liveness {
  private static final String SUFFIX = ".lock";

  // This process's own registrations. Their files are never opened again here: closing any
  // channel on a file drops every POSIX lock this process holds on it.
  private static final Map<Path, ProcessorInfo> OWN = new ConcurrentHashMap<>();

  // A class, not Comparator.comparing: status and send ask on every cold start.
  private static final Comparator<ProcessorInfo> BY_START =
      new Comparator<>() {
        @Override
        public int compare(ProcessorInfo a, ProcessorInfo b) {
          int byStart = a.startedAt().compareTo(b.startedAt());
          return byStart != 0 ? byStart : Long.compare(a.pid(), b.pid());
        }
      };

  private final Path directory;

  public FileLiveness(Path dataDirectory) {
    this.directory = dataDirectory.resolve("processors");
  }

  @Override
  public Registration register(ProcessorInfo processor) {
    try {
      DefaultFileOps.makeDirectories(directory);
      // Unique per registration: tests run several processors in one JVM.
      Path file = directory.resolve(processor.pid() + "-" + UUID.randomUUID() + SUFFIX);
      FileChannel channel =
          FileChannel.open(
              file,
              EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              DefaultFileOps.ownerOnlyFile());
      FileLock lock = channel.lock();
      channel.write(ByteBuffer.wrap(Json.mapper().writeValueAsBytes(processor)));
      OWN.put(file, processor);
      return () -> close(file, channel, lock);
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot register the processor in " + directory + ": " + IoReasons.of(e), e);
    }
  }

  private static void close(Path file, FileChannel channel, FileLock lock) {
    OWN.remove(file);
    try {
      Files.deleteIfExists(file);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The OS drops the lock when the process exits; a leftover file reads as not running.
    }
  }

  @Override
  public List<ProcessorInfo> running() {
    List<ProcessorInfo> found = new ArrayList<>();
    for (Path file : files()) {
      long pid = pidOf(file);
      if (pid > 0 && isLive(file, pid)) {
        found.add(infoOf(file, pid));
      }
    }
    found.sort(BY_START);
    return found;
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
      return isAlive(pid);
    } catch (NoSuchFileException e) {
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return isAlive(pid);
    }
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  // A registration caught before it wrote its info still counts, by its pid.
  private static ProcessorInfo infoOf(Path file, long pid) {
    ProcessorInfo own = OWN.get(file);
    if (own != null) {
      return own;
    }
    if (pid == ProcessHandle.current().pid()) {
      return new ProcessorInfo("pid " + pid, null, pid, java.time.Instant.EPOCH);
    }
    try {
      return Json.mapper().readValue(Files.readAllBytes(file), ProcessorInfo.class);
    } catch (IOException | JacksonException e) {
      return new ProcessorInfo("pid " + pid, null, pid, java.time.Instant.EPOCH);
    }
  }

  private List<Path> files() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : stream) {
        found.add(file);
      }
    } catch (NoSuchFileException e) {
      return found;
    } catch (IOException e) {
      throw new SaveFailedException("cannot list " + directory + ": " + IoReasons.of(e), e);
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
}
