package queue.processor.complete;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;

/**
 * Saves what workers report, on one thread, with group commit: every outcome and hand-back that
 * arrived while the previous save ran goes into the next one, so a busy processor makes few saves
 * and an idle one saves each outcome at once. Under load the thread rests as long as its last save
 * took before starting the next, so saving (which in a file store rewrites all of {@code
 * queue.json}) takes at most about half of a core and the deliveries keep the rest. A failed save
 * is logged and retried with the same outcomes (they stay valid while the lease holds; after that
 * the completer skips them). Whatever is saved is reported to {@code onSettled}.
 */
public final class Settler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Settler.class);
  private static final long FIRST_RETRY_MILLIS = 50;
  private static final long MAX_RETRY_MILLIS = 2000;
  private static final long MAX_REST_NANOS = 200_000_000;

  private final Leases leases;
  private final Consumer<Set<String>> onSettled;
  private final List<Completion> completions = new ArrayList<>();
  private final Set<LeaseRef> handBacks = new HashSet<>();
  private final Thread thread;
  private long submitted;
  private long saved;
  private boolean closed;
  private boolean flushing;

  public Settler(Leases leases, Consumer<Set<String>> onSettled) {
    this.leases = leases;
    this.onSettled = onSettled;
    this.thread = new Thread(this::run, "settler");
    thread.setDaemon(true);
    thread.start();
  }

  public synchronized void complete(Completion completion) {
    completions.add(completion);
    submitted++;
    notifyAll();
  }

  /** PENDING again, due at once, attempts unchanged: entries claimed but not delivered. */
  public synchronized void handBack(Collection<LeaseRef> held) {
    if (!held.isEmpty()) {
      handBacks.addAll(held);
      submitted++;
      notifyAll();
    }
  }

  /** Waits until everything submitted so far is saved; false if {@code timeout} passed first. */
  public synchronized boolean flush(Duration timeout) throws InterruptedException {
    long target = submitted;
    long deadline = System.nanoTime() + timeout.toNanos();
    flushing = true;
    notifyAll();
    try {
      while (saved < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    } finally {
      flushing = false;
    }
  }

  private void run() {
    long retryMillis = FIRST_RETRY_MILLIS;
    long restUntil = System.nanoTime();
    while (true) {
      Batch batch = take(restUntil);
      if (batch == null) {
        return;
      }
      try {
        long started = System.nanoTime();
        save(batch);
        long ended = System.nanoTime();
        restUntil = ended + Math.min(ended - started, MAX_REST_NANOS);
        retryMillis = FIRST_RETRY_MILLIS;
      } catch (RuntimeException e) {
        log.error(
            "could not save {} outcome(s) and {} hand-back(s); retrying in {} ms",
            batch.completions.size(),
            batch.handBacks.size(),
            retryMillis,
            e);
        putBack(batch);
        if (!pause(retryMillis)) {
          return;
        }
        retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
      }
    }
  }

  private record Batch(List<Completion> completions, Set<LeaseRef> handBacks, long count) {}

  // Waits for work, then for the rest to end; a flush or a close cuts the rest short.
  private synchronized Batch take(long restUntil) {
    try {
      while (completions.isEmpty() && handBacks.isEmpty()) {
        if (closed) {
          return null;
        }
        wait();
      }
      long rest;
      while (!closed && !flushing && (rest = restUntil - System.nanoTime()) > 0) {
        wait(rest / 1_000_000, (int) (rest % 1_000_000));
      }
    } catch (InterruptedException e) {
      return null;
    }
    Batch batch = new Batch(List.copyOf(completions), Set.copyOf(handBacks), submitted - saved);
    completions.clear();
    handBacks.clear();
    return batch;
  }

  private void save(Batch batch) {
    Set<String> settled = new HashSet<>();
    if (!batch.completions.isEmpty()) {
      leases.settle(batch.completions);
      batch.completions.forEach(c -> settled.add(c.entryId()));
    }
    if (!batch.handBacks.isEmpty()) {
      leases.handBack(batch.handBacks);
      batch.handBacks.forEach(l -> settled.add(l.entryId()));
    }
    onSettled.accept(settled);
    synchronized (this) {
      saved += batch.count;
      notifyAll();
    }
  }

  private synchronized void putBack(Batch batch) {
    completions.addAll(0, batch.completions);
    handBacks.addAll(batch.handBacks);
  }

  private synchronized boolean pause(long millis) {
    try {
      wait(millis);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** Stops the thread; call {@link #flush} first to save what is pending. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
