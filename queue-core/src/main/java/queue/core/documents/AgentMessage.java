package queue.core.documents;

import java.time.Instant;
import queue.core.api.Claim;

/**
 * What an agent receives for an entry, whatever the way: an inbox file, a webhook's body, an exec
 * command's stdin, a line of {@code receive --json}. Field names are part of the contract: {@code
 * id}, {@code messageId}, {@code from}, {@code to}, {@code body}, {@code createdAt}, {@code
 * attempt}.
 */
public record AgentMessage(
    String id,
    String messageId,
    String from,
    String to,
    String body,
    Instant createdAt,
    int attempt) {

  public static AgentMessage of(Claim claim) {
    return new AgentMessage(
        claim.entry().id(),
        claim.entry().messageId(),
        claim.entry().sender(),
        claim.entry().recipient(),
        claim.message().body(),
        claim.entry().createdAt(),
        claim.attempt());
  }
}
