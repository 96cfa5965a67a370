package queue.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadline of one wait for the OS lock: at it, the waiter's channel is closed, the one way to
 * end a blocked {@code FileChannel.lock()}, unless the wait was disarmed first (whichever comes
 * first wins). One daemon thread per JVM, started by the first wait, sleeps until the earliest
 * deadline armed; arming and disarming do not wake it unless the new deadline is earlier than the
 * one it sleeps until, so a contended commit costs no thread switch beyond the lock's own (one
 * timer task per wait cost two).
 */
final class LockDeadline {
  private static final long IDLE_NANOS = Duration.ofHours(1).toNanos();
  private static final Set<LockDeadline> ARMED = ConcurrentHashMap.newKeySet();
  // What the watchdog knows: while it scans, a wait armed meanwhile may be missed by the scan, so
  // the wait wakes it for another; once it sleeps, a wait due before it wakes wakes it.
  private static volatile boolean scanning;
  private static volatile long wakeAt;
  private static final Thread WATCHDOG = startWatchdog();

  private final FileChannel channel;
  private final long deadline;
  private final AtomicBoolean settled = new AtomicBoolean();

  private LockDeadline(FileChannel channel, long deadline) {
    this.channel = channel;
    this.deadline = deadline;
  }

  /** Closes {@code channel} at {@code deadline} ({@link System#nanoTime}) unless disarmed. */
  static LockDeadline arm(FileChannel channel, long deadline) {
    LockDeadline armed = new LockDeadline(channel, deadline);
    ARMED.add(armed);
    if (scanning || deadline - wakeAt < 0) {
      LockSupport.unpark(WATCHDOG);
    }
    return armed;
  }

  /** True if this call stopped the close; false if the deadline came first. */
  boolean disarm() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    ARMED.remove(this);
    return true;
  }

  private void expire() {
    if (settled.compareAndSet(false, true)) {
      try {
        channel.close();
      } catch (IOException e) {
        // A lock channel has nothing to flush; closed is closed.
      }
    }
  }

  private static Thread startWatchdog() {
    Thread watchdog = new Thread(LockDeadline::watch, "queue-lock-deadlines");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }

  private static void watch() {
    while (true) {
      scanning = true;
      long now = System.nanoTime();
      long next = now + IDLE_NANOS;
      for (LockDeadline armed : ARMED) {
        if (armed.deadline - now <= 0) {
          ARMED.remove(armed);
          armed.expire();
        } else if (armed.deadline - next < 0) {
          next = armed.deadline;
        }
      }
      wakeAt = next;
      scanning = false;
      LockSupport.parkNanos(next - now);
    }
  }
}
