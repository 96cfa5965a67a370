package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalLong;
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
 *
 * <p>A waiter blocks in the OS (fcntl {@code F_SETLKW} on Linux), which wakes it as the holder
 * releases, instead of polling and sleeping through releases: commits hold the lock for about one
 * fsync each, so under contention a poller's sleeps, however short, leave the lock idle between
 * them. The wait is bounded by closing the waiter's channel at its deadline (a blocked {@code
 * lock()} ends only by its channel closing); each acquisition opens its own channel, so that close
 * touches nothing else.
 */
final class LockFile {
  private static final Logger log = LoggerFactory.getLogger(LockFile.class);
  private static final int PID_WIDTH = 20;
  // This process's pid as the holder writes it: padded to one width, so it replaces the last
  // holder's in place.
  private static final byte[] PID =
      String.format(Locale.ROOT, "%-" + (PID_WIDTH - 1) + "d\n", ProcessHandle.current().pid())
          .getBytes(StandardCharsets.US_ASCII);
  // A lock held in this JVM through a channel outside the in-process lock (a test's, doctor's
  // probe) is not the OS's to wait for: the JVM refuses the overlap at once, so that is polled.
  private static final long OVERLAP_POLL_NANOS = Duration.ofMillis(1).toNanos();

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
   * Waits until the lock is taken or {@code wait} has passed; the error then names {@code timeout},
   * the caller's whole budget. If the first try finds the lock held, {@code whileWaiting} runs once
   * before the wait.
   */
  Held acquire(Duration wait, Duration timeout, Runnable whileWaiting) {
    long deadline = System.nanoTime() + wait.toNanos();
    FileChannel channel = open();
    try {
      FileLock first = tryLock(channel);
      if (first == null) {
        whileWaiting.run();
      }
      FileLock lock = first != null ? first : waitFor(channel, deadline, timeout);
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

  // The deadline closes the channel (ending the blocked lock()) unless the lock was taken first;
  // whichever comes first wins, so a lock taken as the deadline passes is either kept or released
  // by that close and reported as a timeout, never lost track of.
  private FileLock waitFor(FileChannel channel, long deadline, Duration timeout) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw busy(timeout);
    }
    LockDeadline closing = LockDeadline.arm(channel, deadline);
    try {
      FileLock lock = channel.lock();
      if (closing.disarm()) {
        return lock;
      }
      throw busy(timeout);
    } catch (FileLockInterruptionException e) {
      // The thread was interrupted: the JVM closed the channel.
      closing.disarm();
      throw new QueueBusyException("interrupted while waiting for the queue lock " + path);
    } catch (ClosedChannelException e) {
      // Closed by the deadline (AsynchronousCloseException when lock() was already blocked).
      throw busy(timeout);
    } catch (OverlappingFileLockException e) {
      if (!closing.disarm()) {
        throw busy(timeout);
      }
      return pollOverlap(channel, deadline, timeout);
    } catch (IOException e) {
      closing.disarm();
      throw new SaveFailedException("cannot lock " + path + ": " + IoReasons.of(e), e);
    }
  }

  private FileLock pollOverlap(FileChannel channel, long deadline, Duration timeout) {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw busy(timeout);
      }
      sleepNanos(Math.min(left, OVERLAP_POLL_NANOS));
      FileLock lock = tryLock(channel);
      if (lock != null) {
        return lock;
      }
    }
  }

  private FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Held in this JVM outside the in-process lock; wait as for another process.
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

  private void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueBusyException("interrupted while waiting for the queue lock " + path);
    }
  }
}
