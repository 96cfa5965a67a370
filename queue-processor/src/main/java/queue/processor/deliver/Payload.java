package queue.processor.deliver;

import java.time.Instant;
import queue.core.api.Claim;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON object an agent receives for an entry, whatever the transport. Field names are part of
 * the contract: {@code id}, {@code messageId}, {@code from}, {@code to}, {@code body}, {@code
 * createdAt}, {@code attempt}.
 */
public record Payload(
    String id,
    String messageId,
    String from,
    String to,
    String body,
    Instant createdAt,
    int attempt) {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(tools.jackson.databind.cfg.DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  public static Payload of(Claim claim) {
    return new Payload(
        claim.entry().id(),
        claim.entry().messageId(),
        claim.entry().sender(),
        claim.entry().recipient(),
        claim.message().body(),
        claim.entry().createdAt(),
        claim.attempt());
  }

  public byte[] toJson() {
    return MAPPER.writeValueAsBytes(this);
  }
}
