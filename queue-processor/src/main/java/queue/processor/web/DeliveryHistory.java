package queue.processor.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last hour in the processor's memory, one slot per minute: the delivery outcomes of this
 * processor and the largest backlog the status reads saw. A slot is reused an hour later, so the
 * memory is fixed. A restarted processor starts with an empty hour: nothing of it is stored.
 */
final class DeliveryHistory {
  static final int MINUTES = 60;

  /** One minute: outcomes counted, and the largest backlog sampled (-1 when none was). */
  record Minute(Instant start, long delivered, long retried, long failed, long backlog) {
    boolean sampled() {
      return backlog >= 0;
    }
  }

  private final long[] epochMinute = new long[MINUTES];
  private final long[] delivered = new long[MINUTES];
  private final long[] retried = new long[MINUTES];
  private final long[] failed = new long[MINUTES];
  private final long[] backlog = new long[MINUTES];

  DeliveryHistory() {
    Arrays.fill(epochMinute, Long.MIN_VALUE);
  }

  synchronized void delivered(Instant at) {
    count(delivered, at);
  }

  synchronized void retried(Instant at) {
    count(retried, at);
  }

  synchronized void failed(Instant at) {
    count(failed, at);
  }

  synchronized void sampleBacklog(Instant at, long entries) {
    int slot = slot(at);
    if (slot >= 0) {
      backlog[slot] = Math.max(backlog[slot], entries);
    }
  }

  /** The 60 minutes up to and including the one of {@code now}, oldest first. */
  synchronized List<Minute> lastHour(Instant now) {
    long current = Math.floorDiv(now.getEpochSecond(), 60);
    List<Minute> minutes = new ArrayList<>(MINUTES);
    for (long minute = current - MINUTES + 1; minute <= current; minute++) {
      int slot = Math.floorMod(minute, MINUTES);
      Instant start = Instant.ofEpochSecond(minute * 60);
      minutes.add(
          epochMinute[slot] == minute
              ? new Minute(start, delivered[slot], retried[slot], failed[slot], backlog[slot])
              : new Minute(start, 0, 0, 0, -1));
    }
    return minutes;
  }

  private void count(long[] counts, Instant at) {
    int slot = slot(at);
    if (slot >= 0) {
      counts[slot]++;
    }
  }

  // The slot of the minute of {@code at}, emptied first if it still holds an older minute; -1 if
  // it holds a newer one (the clock was set back by an hour or more).
  private int slot(Instant at) {
    long minute = Math.floorDiv(at.getEpochSecond(), 60);
    int slot = Math.floorMod(minute, MINUTES);
    if (epochMinute[slot] > minute) {
      return -1;
    }
    if (epochMinute[slot] < minute) {
      epochMinute[slot] = minute;
      delivered[slot] = 0;
      retried[slot] = 0;
      failed[slot] = 0;
      backlog[slot] = -1;
    }
    return slot;
  }
}
