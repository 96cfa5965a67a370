package queue.processor.deliver;

import java.time.Duration;
import queue.core.api.Outcome;

/** Hears of every delivery attempt as it ends: for a status page or metrics. */
@FunctionalInterface
public interface DeliveryListener {
  DeliveryListener NONE = (agent, transport, outcome, took) -> {};

  /**
   * An attempt to deliver to {@code agent} ended with {@code outcome} after {@code took}. Called on
   * the worker's thread before the outcome is saved; it must be quick and must not throw.
   *
   * @param transport null when the recipient is no longer registered
   */
  void deliveryFinished(String agent, String transport, Outcome outcome, Duration took);
}
