package queue.core.api;

import java.nio.charset.StandardCharsets;
import queue.core.Durations;
import queue.core.TimeRange;
import queue.core.agents.AgentNames;
import queue.core.error.InvalidInputException;
import queue.core.model.ValueRules;

/**
 * The checks every store makes of a send before it touches anything: what can be refused without
 * reading the queue. What needs the queue (unknown recipients, no agents) each store checks inside
 * its transaction.
 */
public final class SendRules {
  /** The largest body a send accepts, in bytes of UTF-8. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private SendRules() {}

  /** Throws {@link InvalidInputException} (exit 2) naming what is wrong with {@code request}. */
  public static void check(SendRequest request) {
    if (request.broadcast() == !request.to().isEmpty()) {
      throw new InvalidInputException(
          request.broadcast()
              ? "--to and --broadcast cannot be used together: choose one"
              : "no recipient: give --to NAME[,NAME...] or --broadcast");
    }
    for (String name : request.to()) {
      AgentNames.require(name);
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

  private static void require(String problem) {
    if (problem != null) {
      throw new InvalidInputException(problem);
    }
  }
}
