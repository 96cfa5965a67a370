package queue.core.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import queue.core.error.QueueBusyException;

/**
 * One writer at a time on a data directory, across threads and processes: the in-process lock of
 * the directory, then the OS lock on {@code queue.json.lock} ({@link LockFile}). Reentrant: work
 * run while this thread holds the lock runs at once. One {@code --lock-timeout} covers both waits.
 */
final class QueueLock {
  // POSIX locks belong to a whole process: two channels on one lock file in one JVM would share,
  // and closing either drops, the lock. So every QueueLock of a directory in this JVM first
  // takes this one in-process lock.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS =
      new ConcurrentHashMap<>();

  private final Path lockPath;
  private final Duration timeout;
  private final LockFile lockFile;
  private final ReentrantLock inProcessLock;

  /**
   * @param directory the data directory, absolute and normalized: it keys the in-process lock
   */
  QueueLock(Path directory, Duration timeout) {
    this.lockPath = directory.resolve(StateFiles.LOCK_FILE);
    this.timeout = timeout;
    this.lockFile = new LockFile(lockPath);
    this.inProcessLock = IN_PROCESS_LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
  }

  /**
   * Runs {@code work} holding the in-process lock and then the OS lock; if another process holds
   * the OS lock, runs {@code whileWaiting} once first, without the OS lock, and then waits on. Its
   * time counts against the lock timeout.
   */
  <R> R locked(Runnable whileWaiting, Supplier<R> work) {
    long start = System.nanoTime();
    acquireInProcess();
    try {
      if (inProcessLock.getHoldCount() > 1) {
        return work.get();
      }
      Duration left = timeout.minusNanos(System.nanoTime() - start);
      LockFile.Held held =
          lockFile.acquire(left.isNegative() ? Duration.ZERO : left, timeout, whileWaiting);
      try {
        return work.get();
      } finally {
        held.close();
      }
    } finally {
      inProcessLock.unlock();
    }
  }

  boolean isHeldByCurrentThread() {
    return inProcessLock.isHeldByCurrentThread();
  }

  /** The pid the lock holder (or the last one) wrote into the lock file. */
  OptionalLong holderPid() {
    return lockFile.holderPid();
  }

  /** True when another process holds the lock now; for `doctor`, which never holds it. */
  boolean isHeldElsewhere() {
    return lockFile.isHeldElsewhere();
  }

  private void acquireInProcess() {
    try {
      if (!inProcessLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new QueueBusyException(
            "queue is busy: another thread of this process (pid "
                + ProcessHandle.current().pid()
                + ") holds "
                + lockPath
                + "; raise --lock-timeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueBusyException("interrupted while waiting for the queue lock " + lockPath);
    }
  }
}
