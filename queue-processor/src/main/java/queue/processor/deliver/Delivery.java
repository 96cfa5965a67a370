package queue.processor.deliver;

import queue.core.api.Claim;

/**
 * One way of handing an entry to its agent. Implementations never throw for a failed delivery:
 * every failure is a {@link DeliveryResult} naming the target and the cause.
 */
public interface Delivery {

  /**
   * Delivers one claimed entry, whose agent is registered with this delivery's transport.
   *
   * @param payload the entry as the JSON object the agent receives
   */
  DeliveryResult deliver(Claim claim, byte[] payload) throws InterruptedException;
}
