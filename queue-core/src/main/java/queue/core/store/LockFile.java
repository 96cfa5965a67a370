package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.Durations;
import queue.core.error.IoReasons;
import queue.core.error.QueueBusyException;
import queue.core.error.SaveFailedException;
import queue.core.files.DefaultFileOps;

/**
 * The OS-level exclusive lock on {@code queue.json.lock}. The file is never renamed, deleted or
 * "broken" by age: the OS releases the lock when its holder exits or dies. The holder writes its
 * pid into the file so that a waiter can name it.
 */
final class LockFile {
  private static final Logger log = LoggerFactory.getLogger(LockFile.class);
  // A commit holds the lock for about one fsync'd append (a few milliseconds), so a waiter that
  // slept longer would leave the lock idle while others queue: the backoff stays near that. A
  // waiter blocked in the OS lock (F_SETLKW) instead was measured slower under contention on a
  // loaded 2-core machine (BENCHMARKS.md, "8 producers"): the kernel wakes one waiter, which may
  // not get a CPU for a while, where a poller that is running takes the lock as it comes free; and
  // with every waiter given its turn in order, a consumer claims in smaller batches, more often.
  private static final long FIRST_BACKOFF_NANOS = Duration.ofNanos(200_000).toNanos();
  private static final int PID_WIDTH = 20;
  private static final long MAX_BACKOFF_NANOS = Duration.ofMillis(4).toNanos();
  // This process's pid as the holder writes it: padded to one width, so it replaces the last
  // holder's in place.
  private static final byte[] PID =
      String.format(Locale.ROOT, "%-" + (PID_WIDTH - 1) + "d\n", ProcessHandle.current().pid())
          .getBytes(StandardCharsets.US_ASCII);

  private final Path path;

  LockFile(Path path) {
    this.path = path;
  }

  /** A held lock; closing it releases the lock. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Polls with backoff until the lock is taken or {@code wait} has passed; the error then names
   * {@code timeout}, the caller's whole budget. If the first try finds the lock held, {@code
   * whileWaiting} runs once before the polling starts.
   */
  Held acquire(Duration wait, Duration timeout, Runnable whileWaiting) {
    FileChannel channel = open();
    try {
      FileLock lock = waitFor(channel, wait, timeout, whileWaiting);
      writePid(channel);
      return () -> release(lock, channel);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** The pid the current or last holder wrote, if any. */
  OptionalLong holderPid() {
    try {
      String text = new String(java.nio.file.Files.readAllBytes(path), StandardCharsets.US_ASCII);
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (IOException | NumberFormatException e) {
      // Absent, unreadable or caught mid-write: the waiter just cannot name the holder.
      return OptionalLong.empty();
    }
  }

  /**
   * True when another process holds the lock right now. Never call it from a process that may hold
   * the lock itself: closing any channel on the file drops a POSIX lock the process holds.
   */
  boolean isHeldElsewhere() {
    try (FileChannel channel = open()) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return false;
    } catch (IOException e) {
      throw new SaveFailedException("cannot check the lock " + path + ": " + IoReasons.of(e), e);
    }
  }

  private FileChannel open() {
    try {
      return FileChannel.open(
          path,
          EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
          DefaultFileOps.ownerOnlyFile());
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot open the lock file " + path + ": " + IoReasons.of(e) + "; check its permissions",
          e);
    }
  }

  private FileLock waitFor(
      FileChannel channel, Duration wait, Duration timeout, Runnable whileWaiting) {
    long deadline = System.nanoTime() + wait.toNanos();
    FileLock first = tryLock(channel);
    if (first != null) {
      return first;
    }
    whileWaiting.run();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      FileLock lock = tryLock(channel);
      if (lock != null) {
        return lock;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw busy(timeout);
      }
      sleepNanos(Math.min(left, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1)));
      backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
    }
  }

  private FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (ClosedByInterruptException e) {
      // Interrupted between two sleeps rather than in one: the same end of the wait.
      throw new QueueBusyException("interrupted while waiting for the queue lock");
    } catch (OverlappingFileLockException e) {
      // Another store in this JVM holds it; wait as for another process.
      return null;
    } catch (IOException e) {
      throw new SaveFailedException("cannot lock " + path + ": " + IoReasons.of(e), e);
    }
  }

  private QueueBusyException busy(Duration timeout) {
    OptionalLong pid = holderPid();
    String holder = pid.isPresent() ? "pid " + pid.getAsLong() : "another process";
    return new QueueBusyException(
        "queue is busy: "
            + path
            + " is held by "
            + holder
            + " (waited "
            + Durations.format(timeout)
            + "); wait for it to finish, or raise --lock-timeout");
  }

  // The pid replaces the last holder's in place: no truncate (a change of the file's metadata) on
  // every commit, and no write at all when this process held it last.
  private static void writePid(FileChannel channel) {
    try {
      ByteBuffer there = ByteBuffer.allocate(PID.length + 1);
      channel.read(there, 0);
      if (there.position() == PID.length
          && Arrays.equals(Arrays.copyOf(there.array(), PID.length), PID)) {
        return;
      }
      channel.write(ByteBuffer.wrap(PID), 0);
      if (channel.size() > PID.length) {
        channel.truncate(PID.length);
      }
    } catch (IOException e) {
      // The pid only helps a waiter name the holder; the lock itself is held.
      log.debug("cannot write pid: {}", e.toString());
    }
  }

  private void release(FileLock lock, FileChannel channel) {
    try {
      lock.release();
    } catch (IOException e) {
      log.warn("releasing {} failed; closing the channel releases it: {}", path, e.toString());
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a lock channel has nothing left to flush.
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueBusyException("interrupted while waiting for the queue lock");
    }
  }
}
