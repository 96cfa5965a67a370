package queue.core.api;

/** Queuing messages. */
public interface Sends {

  /**
   * Queues one message and an entry per recipient in one transaction; a repeated idempotency key
   * answers with the first message and queues nothing. An unknown recipient, or a broadcast with no
   * agent registered, refuses the whole send (exit 2).
   */
  SendResult send(SendRequest request);
}
