package queue.processor.deliver;

/**
 * How one delivery attempt ended, as a transport sees it. The retry policy turns it into the
 * entry's next state: a transport knows whether a failure is worth retrying, not how often.
 */
public sealed interface DeliveryResult {

  /** The recipient has the entry. */
  record Delivered() implements DeliveryResult {}

  /** A transient failure (timeout, connection refused, 5xx, non-zero exit): try again later. */
  record Retry(String error) implements DeliveryResult {}

  /** A failure that retrying cannot fix (4xx, unsafe inbox, agent gone): FAILED at once. */
  record Permanent(String error) implements DeliveryResult {}

  static DeliveryResult delivered() {
    return new Delivered();
  }
}
