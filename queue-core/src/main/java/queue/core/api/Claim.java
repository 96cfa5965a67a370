package queue.core.api;

import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;

/**
 * An entry claimed for delivery, with its message and its recipient's registration.
 *
 * @param agent the recipient's registration, or null if it is no longer registered
 */
public record Claim(Entry entry, Message message, Agent agent) {

  /** The attempt this delivery is: 1 for the first. */
  public int attempt() {
    return entry.attempts() + 1;
  }

  public LeaseRef lease() {
    return new LeaseRef(entry.id(), entry.leaseToken());
  }
}
