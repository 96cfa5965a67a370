package queue.core.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import queue.core.api.SendResult;

/**
 * The answer of {@code queue send --json}, also the result of the MCP server's {@code send_message}
 * and of {@code queue reply --json}: {@code messageId}, {@code queued}, {@code recipients}, {@code
 * duplicate}, {@code threadId} (the message's own id when it starts a thread), and {@code
 * notBefore} for a scheduled send. The counts, outcomes and {@code timedOut} only with {@code
 * --wait}. Fields are added, never renamed or removed.
 *
 * @param notBefore when a scheduled send falls due; absent for a send due at once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendDocument(
    String messageId,
    int queued,
    List<String> recipients,
    boolean duplicate,
    String threadId,
    Instant notBefore,
    Long delivered,
    Long failed,
    Long pending,
    List<Outcome> outcomes,
    Boolean timedOut) {

  /** One recipient's entry at the end of a {@code --wait}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Outcome(String recipient, String state, String error) {}

  /** The document of a send without {@code --wait}. */
  public static SendDocument queued(SendResult sent, Instant notBefore) {
    return new SendDocument(
        sent.messageId(),
        sent.recipients().size(),
        sent.recipients(),
        sent.duplicate(),
        sent.threadId(),
        notBefore,
        null,
        null,
        null,
        null,
        null);
  }

  /** This document with the outcome of a {@code --wait}. */
  public SendDocument waited(
      long delivered, long failed, long pending, List<Outcome> outcomes, boolean timedOut) {
    return new SendDocument(
        messageId,
        queued,
        recipients,
        duplicate,
        threadId,
        notBefore,
        delivered,
        failed,
        pending,
        outcomes,
        timedOut);
  }
}
