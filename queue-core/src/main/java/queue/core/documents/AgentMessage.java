package queue.core.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import queue.core.api.Claim;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Notice;

/**
 * What an agent receives for an entry, whatever the way: an inbox file, a webhook's body, an exec
 * command's stdin, a line of {@code receive --json}. Field names are part of the contract: {@code
 * id}, {@code messageId}, {@code from}, {@code to}, {@code body}, {@code createdAt}, {@code
 * attempt}, {@code threadId}; {@code inReplyTo} for a reply and {@code notice} for a non-delivery
 * notice, left out otherwise.
 */
public record AgentMessage(
    String id,
    String messageId,
    String from,
    String to,
    String body,
    Instant createdAt,
    int attempt,
    String threadId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String inReplyTo,
    @JsonInclude(JsonInclude.Include.NON_NULL) Notice notice) {

  public static AgentMessage of(Claim claim) {
    return of(claim.entry(), claim.message());
  }

  /** What the recipient of {@code entry}, an entry of {@code message}, receives next. */
  public static AgentMessage of(Entry entry, Message message) {
    return new AgentMessage(
        entry.id(),
        entry.messageId(),
        entry.sender(),
        entry.recipient(),
        message.body(),
        entry.createdAt(),
        entry.attempts() + 1,
        message.threadId(),
        message.inReplyTo(),
        message.notice());
  }
}
