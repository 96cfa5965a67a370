package queue.core.api;

import java.util.List;

/**
 * The message a send created, or found.
 *
 * @param duplicate true when the idempotency key was seen before and nothing new was queued
 */
public record SendResult(String messageId, List<String> recipients, boolean duplicate) {

  public SendResult {
    recipients = List.copyOf(recipients);
  }
}
