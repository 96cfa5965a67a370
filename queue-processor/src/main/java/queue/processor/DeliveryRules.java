package queue.processor;

import java.time.Duration;
import java.util.Objects;
import queue.core.api.Claim;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.AgentSettings;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryListener;

/**
 * How the processor delivers and judges each attempt.
 *
 * @param delivery the transports
 * @param timeout the deadline of one delivery for an agent that sets none of its own
 * @param policy what a result makes of the entry (retry, fail, done)
 * @param listener hears of every attempt
 */
public record DeliveryRules(
    Delivery delivery, Duration timeout, RetryPolicy policy, DeliveryListener listener) {

  public DeliveryRules {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * How long delivering {@code claim} may take: its agent's {@code --timeout}, else the default.
   */
  public Duration timeoutOf(Claim claim) {
    Duration own = AgentSettings.timeout(claim.agent());
    return own != null ? own : timeout;
  }
}
