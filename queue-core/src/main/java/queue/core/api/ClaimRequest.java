package queue.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a claim takes.
 *
 * @param owner the claiming processor or receiver, for listings and diagnostics
 * @param host the claimer's host: on a shared store, inbox agents registered on another host are
 *     left to a processor there
 * @param pullAgent null for a processor (every agent that is pushed to and not paused); the name of
 *     a pull agent for its receiver (only that agent, nothing while it is paused)
 */
public record ClaimRequest(
    String owner,
    String host,
    Duration lease,
    int maxRecipients,
    int perRecipient,
    String pullAgent) {

  public ClaimRequest {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    if (maxRecipients < 1 || perRecipient < 1) {
      throw new IllegalArgumentException("maxRecipients and perRecipient must be at least 1");
    }
  }

  /** A processor's claim. */
  public static ClaimRequest processor(
      String owner, String host, Duration lease, int maxRecipients, int perRecipient) {
    return new ClaimRequest(owner, host, lease, maxRecipients, perRecipient, null);
  }

  /** A pull agent's receiver's claim of up to {@code limit} of its entries. */
  public static ClaimRequest receiver(String owner, String agent, Duration lease, int limit) {
    return new ClaimRequest(owner, null, lease, 1, limit, agent);
  }
}
