package queue.core.rules;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import queue.core.Durations;
import queue.core.Ids;
import queue.core.TimeRange;
import queue.core.agents.Groups;
import queue.core.api.SendRequest;
import queue.core.error.InvalidInputException;
import queue.core.error.Refusals;
import queue.core.model.ValueRules;

/**
 * The checks every store makes of a send before it touches anything: what can be refused without
 * reading the queue. What needs the queue (unknown recipients, groups nobody is in, no agents, a
 * repeated idempotency key) each store checks inside its transaction; {@link #requireRepeat} is the
 * rule for a repeated key.
 */
public final class SendRules {
  /** The largest body a send accepts, in bytes of UTF-8. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private SendRules() {}

  /** Throws {@link InvalidInputException} (exit 2) naming what is wrong with {@code request}. */
  public static void check(SendRequest request) {
    checkRecipients(request);
    for (String recipient : request.to()) {
      Groups.requireRecipient(recipient);
    }
    require(ValueRules.textProblem("sender", request.sender(), ValueRules.MAX_NAME_LENGTH));
    if (request.idempotencyKey() != null) {
      require(
          ValueRules.textProblem(
              "idempotency key", request.idempotencyKey(), ValueRules.MAX_NAME_LENGTH));
    }
    checkBody(request.body());
    checkTimes(request);
  }

  private static void checkBody(String body) {
    if (body == null || body.isEmpty()) {
      throw new InvalidInputException(
          "empty message body: give the text as an argument or on stdin");
    }
    String problem = ValueRules.bodyProblem(body);
    if (problem != null) {
      throw new InvalidInputException(
          "message body "
              + problem
              + ": remove it, or encode binary data as text (base64, for example)");
    }
    int bytes = body.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BODY_BYTES) {
      throw new InvalidInputException(
          "message body is " + bytes + " bytes, over the limit of " + MAX_BODY_BYTES + " bytes");
    }
  }

  private static void checkTimes(SendRequest request) {
    if (request.ttl() != null && (request.ttl().isNegative() || request.ttl().isZero())) {
      throw new InvalidInputException(
          "--ttl must be longer than 0, not " + Durations.format(request.ttl()));
    }
    if (request.ttl() != null && request.ttl().compareTo(Durations.MAX) > 0) {
      throw new InvalidInputException(
          "--ttl is too long: the longest is " + Durations.format(Durations.MAX) + " (100 years)");
    }
    if (request.notBefore() != null && !TimeRange.contains(request.notBefore())) {
      throw new InvalidInputException(
          "the message would be due at "
              + request.notBefore()
              + ", outside the times the queue keeps ("
              + TimeRange.describe()
              + "): give an earlier --at or a shorter --delay");
    }
  }

  private static void checkRecipients(SendRequest request) {
    if (request.repliesToSender()) {
      if (request.broadcast() || !request.to().isEmpty()) {
        throw new InvalidInputException(
            "a reply goes to the sender of the message it answers (with --all also to its"
                + " recipients): to choose the recipients, use 'queue send --reply-to ID --to ...'");
      }
    } else if (request.broadcast() == !request.to().isEmpty()) {
      throw new InvalidInputException(
          request.broadcast()
              ? "--to and --broadcast cannot be used together: choose one"
              : "no recipient: give --to NAME[,NAME...] or --broadcast");
    }
    if (request.includeSelf() && !request.broadcast()) {
      throw new InvalidInputException("--include-self only applies with --broadcast");
    }
    if (request.replyTo() != null) {
      Ids.requirePrefix(request.replyTo().id());
    }
  }

  /**
   * Refuses a TTL that runs out before a scheduled send falls due: its entries could only expire.
   *
   * @param notBefore when the send falls due; null for at once
   * @param ttl null for none
   */
  public static void requireTtlAfterDue(Instant notBefore, Duration ttl, Clock clock) {
    if (notBefore != null && ttl != null && !clock.instant().plus(ttl).isAfter(notBefore)) {
      throw new InvalidInputException(
          "--ttl "
              + Durations.format(ttl)
              + " runs out before the message is due at "
              + notBefore
              + ": it would expire undelivered; give a longer --ttl");
    }
  }

  /**
   * A send whose idempotency key was used by a first message is its repeat, answered with that
   * message, when it has the same body and names the same set of recipients (groups expanded, in
   * any order; a name whose agent was removed since still names it). Otherwise it is refused (exit
   * 2): for what it names that cannot be found, else naming the first message.
   *
   * @param sameBody whether its body equals the first message's
   * @param found its recipients, as the store found them for it now
   */
  public static void requireRepeat(
      String key,
      String firstId,
      List<String> firstRecipients,
      boolean sameBody,
      SendRecipients found) {
    Set<String> named = new HashSet<>(found.agents());
    named.addAll(found.unknown());
    if (sameBody && named.equals(new HashSet<>(firstRecipients))) {
      return;
    }
    found.requireFound();
    throw Refusals.idempotencyKeyReused(key, firstId, sameBody, firstRecipients);
  }

  private static void require(String problem) {
    if (problem != null) {
      throw new InvalidInputException(problem);
    }
  }
}
