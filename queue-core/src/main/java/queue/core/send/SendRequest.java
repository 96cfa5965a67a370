package queue.core.send;

import java.util.List;

/**
 * What to send and to whom.
 *
 * @param to the named recipients; empty for a broadcast
 * @param broadcast true to send to every registered agent
 * @param idempotencyKey a key that makes a repeated send answer with the first message, or null
 */
public record SendRequest(
    List<String> to, boolean broadcast, String sender, String body, String idempotencyKey) {

  public SendRequest {
    to = List.copyOf(to);
  }

  public static SendRequest to(List<String> recipients, String sender, String body) {
    return new SendRequest(recipients, false, sender, body, null);
  }

  public static SendRequest broadcast(String sender, String body) {
    return new SendRequest(List.of(), true, sender, body, null);
  }

  public SendRequest withIdempotencyKey(String key) {
    return new SendRequest(to, broadcast, sender, body, key);
  }
}
