package queue.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What to send and to whom.
 *
 * @param to the named recipients; empty for a broadcast, and for a reply to the answered message's
 *     sender (and recipients)
 * @param broadcast true to send to every registered agent but the sender
 * @param idempotencyKey a key that makes a repeated send answer with the first message, or null
 * @param notBefore for a scheduled send ({@code --delay}, {@code --at}): when its entries fall due;
 *     null for at once
 * @param ttl for {@code --ttl}: how long after the send an entry not yet delivered expires; null
 *     for never
 * @param includeSelf with {@code broadcast}: the sender gets it too, if it is a registered agent
 * @param replyTo the message this one answers, and whom a reply goes to; null for none
 */
public record SendRequest(
    List<String> to,
    boolean broadcast,
    String sender,
    String body,
    String idempotencyKey,
    Instant notBefore,
    Duration ttl,
    boolean includeSelf,
    ReplyTo replyTo) {

  public SendRequest {
    to = List.copyOf(to);
  }

  /** A send that answers no message; a broadcast leaves its sender out. */
  public SendRequest(
      List<String> to,
      boolean broadcast,
      String sender,
      String body,
      String idempotencyKey,
      Instant notBefore,
      Duration ttl) {
    this(to, broadcast, sender, body, idempotencyKey, notBefore, ttl, false, null);
  }

  public static SendRequest to(List<String> recipients, String sender, String body) {
    return new SendRequest(recipients, false, sender, body, null, null, null);
  }

  public static SendRequest broadcast(String sender, String body) {
    return new SendRequest(List.of(), true, sender, body, null, null, null);
  }

  /**
   * A reply ({@code queue reply}): to the answered message's sender, or with {@link
   * ReplyTo.Audience#EVERYONE} also to its recipients.
   */
  public static SendRequest reply(ReplyTo replyTo, String sender, String body) {
    return new SendRequest(List.of(), false, sender, body, null, null, null, false, replyTo);
  }

  public SendRequest withIdempotencyKey(String key) {
    return new SendRequest(to, broadcast, sender, body, key, notBefore, ttl, includeSelf, replyTo);
  }

  public SendRequest withNotBefore(Instant at) {
    return new SendRequest(
        to, broadcast, sender, body, idempotencyKey, at, ttl, includeSelf, replyTo);
  }

  public SendRequest withTtl(Duration value) {
    return new SendRequest(
        to, broadcast, sender, body, idempotencyKey, notBefore, value, includeSelf, replyTo);
  }

  /** This broadcast, delivered to its sender too. */
  public SendRequest withIncludeSelf(boolean value) {
    return new SendRequest(
        to, broadcast, sender, body, idempotencyKey, notBefore, ttl, value, replyTo);
  }

  /** This send as an answer to a message ({@code send --reply-to}). */
  public SendRequest withReplyTo(ReplyTo value) {
    return new SendRequest(
        to, broadcast, sender, body, idempotencyKey, notBefore, ttl, includeSelf, value);
  }

  /** True when the answered message decides the recipients ({@code queue reply}). */
  public boolean repliesToSender() {
    return replyTo != null && replyTo.audience() != ReplyTo.Audience.NAMED;
  }
}
