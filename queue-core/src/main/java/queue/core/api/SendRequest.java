package queue.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What to send and to whom.
 *
 * @param to the named recipients; empty for a broadcast
 * @param broadcast true to send to every registered agent
 * @param idempotencyKey a key that makes a repeated send answer with the first message, or null
 * @param notBefore for a scheduled send ({@code --delay}, {@code --at}): when its entries fall due;
 *     null for at once
 * @param ttl for {@code --ttl}: how long after the send an entry not yet delivered expires; null
 *     for never
 */
public record SendRequest(
    List<String> to,
    boolean broadcast,
    String sender,
    String body,
    String idempotencyKey,
    Instant notBefore,
    Duration ttl) {

  public SendRequest {
    to = List.copyOf(to);
  }

  public static SendRequest to(List<String> recipients, String sender, String body) {
    return new SendRequest(recipients, false, sender, body, null, null, null);
  }

  public static SendRequest broadcast(String sender, String body) {
    return new SendRequest(List.of(), true, sender, body, null, null, null);
  }

  public SendRequest withIdempotencyKey(String key) {
    return new SendRequest(to, broadcast, sender, body, key, notBefore, ttl);
  }

  public SendRequest withNotBefore(Instant at) {
    return new SendRequest(to, broadcast, sender, body, idempotencyKey, at, ttl);
  }

  public SendRequest withTtl(Duration value) {
    return new SendRequest(to, broadcast, sender, body, idempotencyKey, notBefore, value);
  }
}
