package queue.processor;

import java.time.Duration;
import queue.core.api.Outcome;
import queue.core.model.Transport;

/**
 * Told of each delivery outcome as soon as the retry policy has decided it, before it is saved: the
 * status page's charts and the metrics count with it. Called on the delivery threads, so an
 * implementation must be quick and thread-safe, and must not throw.
 */
@FunctionalInterface
public interface DeliveryListener {

  /** Listens to nothing. */
  DeliveryListener NONE = (agent, transport, outcome, took) -> {};

  /**
   * @param agent the recipient
   * @param transport the recipient's transport, or null if it is no longer registered
   * @param outcome delivered, retry later or failed
   * @param took how long the delivery attempt ran
   */
  void outcome(String agent, Transport transport, Outcome outcome, Duration took);
}
