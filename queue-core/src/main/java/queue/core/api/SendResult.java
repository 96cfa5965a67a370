package queue.core.api;

import java.util.List;

/**
 * The message a send created, or found.
 *
 * @param duplicate true when the idempotency key was seen before and nothing new was queued
 * @param threadId the message's thread: its own id when it starts one
 */
public record SendResult(
    String messageId, List<String> recipients, boolean duplicate, String threadId) {

  public SendResult {
    recipients = List.copyOf(recipients);
  }
}
