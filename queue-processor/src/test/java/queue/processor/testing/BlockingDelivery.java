package queue.processor.testing;

import java.util.concurrent.CountDownLatch;
import queue.core.lease.Claim;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryResult;

/** A fake peer that holds every delivery until released, or until the delivery is interrupted. */
public final class BlockingDelivery implements Delivery {
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload) throws InterruptedException {
    started.countDown();
    release.await();
    return DeliveryResult.delivered();
  }

  public boolean hasStarted() {
    return started.getCount() == 0;
  }

  public void release() {
    release.countDown();
  }
}
