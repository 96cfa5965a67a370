package queue.processor.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import queue.core.api.Claim;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryResult;

/**
 * A fake peer that records every attempt per recipient and how many deliveries to one recipient
 * overlapped, and fails the first attempt of the entries it is told to. A hook runs during each
 * delivery, where a test lets time pass or changes the world.
 */
public final class RecordingDelivery implements Delivery {
  /** One attempt: which entry (by queue order) and whether it was accepted. */
  public record Attempt(long seq, boolean accepted) {}

  private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> activePerRecipient = new ConcurrentHashMap<>();
  private final AtomicInteger maxActivePerRecipient = new AtomicInteger();
  private final Set<Long> failFirst;
  private final Set<Long> failedOnce = ConcurrentHashMap.newKeySet();
  private volatile DuringDelivery during = claim -> {};

  /** What a test does while a delivery runs. */
  @FunctionalInterface
  public interface DuringDelivery {
    void run(Claim claim) throws InterruptedException;
  }

  public RecordingDelivery(Set<Long> failFirst) {
    this.failFirst = failFirst;
  }

  public static RecordingDelivery acceptingAll() {
    return new RecordingDelivery(Set.of());
  }

  public RecordingDelivery during(DuringDelivery action) {
    this.during = action;
    return this;
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout)
      throws InterruptedException {
    String recipient = claim.entry().recipient();
    AtomicInteger mine = activePerRecipient.computeIfAbsent(recipient, r -> new AtomicInteger());
    maxActivePerRecipient.accumulateAndGet(mine.incrementAndGet(), Math::max);
    try {
      during.run(claim);
      long seq = claim.entry().seq();
      boolean accept = !failFirst.contains(seq) || !failedOnce.add(seq);
      synchronized (this) {
        attempts.computeIfAbsent(recipient, r -> new ArrayList<>()).add(new Attempt(seq, accept));
      }
      return accept ? DeliveryResult.delivered() : new DeliveryResult.Retry("first attempt fails");
    } finally {
      mine.decrementAndGet();
    }
  }

  public synchronized Map<String, List<Attempt>> attempts() {
    Map<String, List<Attempt>> copy = new ConcurrentHashMap<>();
    attempts.forEach((recipient, list) -> copy.put(recipient, List.copyOf(list)));
    return copy;
  }

  /** How many attempts were made in all. */
  public synchronized int count() {
    return attempts.values().stream().mapToInt(List::size).sum();
  }

  public int maxActivePerRecipient() {
    return maxActivePerRecipient.get();
  }
}
