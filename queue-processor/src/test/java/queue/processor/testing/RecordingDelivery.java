package queue.processor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import queue.core.lease.Claim;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryResult;

/**
 * A fake peer that records every attempt per recipient, how many deliveries overlapped (per
 * recipient and in all), and fails the first attempt of the entries it is told to.
 */
public final class RecordingDelivery implements Delivery {
  /** One attempt: which entry (by queue order) and whether it was accepted. */
  public record Attempt(long seq, boolean accepted) {}

  private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> activePerRecipient = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final AtomicInteger maxActivePerRecipient = new AtomicInteger();
  private final Set<Long> failFirst;
  private final Set<Long> failedOnce = ConcurrentHashMap.newKeySet();
  private final CountDownLatch overlap = new CountDownLatch(2);

  public RecordingDelivery(Set<Long> failFirst) {
    this.failFirst = failFirst;
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload) throws InterruptedException {
    String recipient = claim.entry().recipient();
    AtomicInteger mine = activePerRecipient.computeIfAbsent(recipient, r -> new AtomicInteger());
    maxActivePerRecipient.accumulateAndGet(mine.incrementAndGet(), Math::max);
    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    try {
      // The first two deliveries wait briefly for each other, so parallelism shows if it exists.
      overlap.countDown();
      overlap.await(200, TimeUnit.MILLISECONDS);
      long seq = claim.entry().seq();
      boolean accept = !failFirst.contains(seq) || !failedOnce.add(seq);
      synchronized (this) {
        attempts.computeIfAbsent(recipient, r -> new ArrayList<>()).add(new Attempt(seq, accept));
      }
      return accept ? DeliveryResult.delivered() : new DeliveryResult.Retry("first attempt fails");
    } finally {
      mine.decrementAndGet();
      active.decrementAndGet();
    }
  }

  public synchronized Map<String, List<Attempt>> attempts() {
    Map<String, List<Attempt>> copy = new ConcurrentHashMap<>();
    attempts.forEach((recipient, list) -> copy.put(recipient, List.copyOf(list)));
    return copy;
  }

  public int maxActive() {
    return maxActive.get();
  }

  public int maxActivePerRecipient() {
    return maxActivePerRecipient.get();
  }
}
