package queue.processor.deliver;

import java.time.Duration;
import queue.core.api.Claim;

/**
 * One way of handing an entry to its agent. Implementations never throw for a failed delivery:
 * every failure is a {@link DeliveryResult} naming the target and the cause.
 */
public interface Delivery {

  /**
   * Delivers one claimed entry, whose agent is registered with this delivery's transport, within
   * {@code timeout}: everything the attempt does (connect, request, response; the command's whole
   * run) ends by then, or the attempt is abandoned and reported for a retry. An interrupt ends it
   * at once with {@link InterruptedException}.
   *
   * @param payload the entry as the JSON object the agent receives
   */
  DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout) throws InterruptedException;

  /**
   * Does ahead of its delivery what of it the agent cannot see (the inbox transport writes and
   * fsyncs its file in {@code tmp/}), while the outcome of the delivery before it is being saved;
   * {@link #deliver} with the same claim and payload then only finishes it. Nothing is delivered
   * here, and a failure is left to {@link #deliver}, which does the whole work again. By default
   * nothing is done ahead.
   */
  default void prepare(Claim claim, byte[] payload) {}

  /** Removes what {@link #prepare} left for {@code claim}, which will not be delivered now. */
  default void discard(Claim claim) {}
}
