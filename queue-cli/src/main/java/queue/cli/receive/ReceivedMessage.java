package queue.cli.receive;

import java.time.Instant;
import queue.core.api.Claim;

/**
 * A message as {@code receive --json} prints it: the same fields as an inbox file and a webhook's
 * body ({@code id}, {@code messageId}, {@code from}, {@code to}, {@code body}, {@code createdAt},
 * {@code attempt}).
 */
record ReceivedMessage(
    String id,
    String messageId,
    String from,
    String to,
    String body,
    Instant createdAt,
    int attempt) {

  static ShownMessage shown(Claim claim) {
    ReceivedMessage message =
        new ReceivedMessage(
            claim.entry().id(),
            claim.entry().messageId(),
            claim.entry().sender(),
            claim.entry().recipient(),
            claim.message().body(),
            claim.entry().createdAt(),
            claim.attempt());
    return new ShownMessage(
        message.id(), message.from(), message.createdAt(), message.body(), message);
  }
}
