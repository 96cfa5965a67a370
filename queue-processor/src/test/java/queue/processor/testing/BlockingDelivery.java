package queue.processor.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import queue.core.api.Claim;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryResult;

/** A fake peer that holds every delivery until the delivery is interrupted. */
public final class BlockingDelivery implements Delivery {
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch never = new CountDownLatch(1);

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout)
      throws InterruptedException {
    started.countDown();
    never.await();
    return DeliveryResult.delivered();
  }

  public boolean hasStarted() {
    return started.getCount() == 0;
  }
}
