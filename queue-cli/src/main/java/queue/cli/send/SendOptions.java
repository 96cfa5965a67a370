package queue.cli.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.api.SendRequest;
import queue.core.error.InvalidInputException;
import queue.core.rules.SendRules;

/**
 * The options {@code send} and {@code reply} share, and the request they make of them: who sends
 * (--from, else $QUEUE_AGENT, else the user), what (BODY or stdin), when (--delay, --at), for how
 * long (--ttl), once (--idempotency-key), and how to answer (--wait, --timeout, --json).
 */
final class SendOptions {
  private final OptionSpec from =
      Specs.text(
          "--from",
          "SENDER",
          "The sender's name (default: $QUEUE_AGENT, else your user name, else \"cli\").");
  private final OptionSpec idempotencyKey =
      Specs.text(
          "--idempotency-key",
          "KEY",
          "A repeated key answers with the first message's id and queues nothing new; the same"
              + " key with another body or other recipients is refused.");
  private final OptionSpec delay =
      Specs.duration("--delay", "Not due before DURATION from now.").build();
  private final OptionSpec at =
      Specs.text(
          "--at",
          "TIME",
          "Not due before TIME: HH:MM (the next such local time) or ISO-8601 with an offset.");
  private final OptionSpec ttl =
      Specs.duration(
              "--ttl",
              "An entry not delivered within DURATION of the send becomes FAILED (expired).")
          .build();
  private final OptionSpec await =
      Specs.flag("--wait", "Wait until every recipient's entry is DELIVERED or FAILED.");
  private final OptionSpec timeout =
      Specs.duration("--timeout", "With --wait: give up after this long, exit 5 (default: 30s).")
          .build();
  private final OptionSpec json =
      Specs.flag(
          "--json",
          "Print one JSON document: {\"messageId\", \"queued\", \"recipients\", \"threadId\","
              + " ...}.");
  private final PositionalParamSpec body;

  /**
   * @param bodyIndex the place of BODY among the command's positional parameters
   */
  SendOptions(String bodyIndex) {
    body =
        PositionalParamSpec.builder()
            .index(bodyIndex)
            .arity("0..1")
            .type(String.class)
            .paramLabel("BODY")
            .description("The message text, or '-' for stdin.")
            .build();
  }

  /** Adds the options, then BODY, after the command's own. */
  void addTo(CommandSpec spec) {
    spec.addOption(from)
        .addOption(idempotencyKey)
        .addOption(delay)
        .addOption(at)
        .addOption(ttl)
        .addOption(await)
        .addOption(timeout)
        .addOption(json)
        .addPositional(body);
  }

  /** Whom a send goes to and what it answers, made once the sender and the body are known. */
  interface Addressing {
    SendRequest request(String sender, String body);
  }

  /** A send checked before any store is opened: bad input never creates a data directory. */
  record Prepared(SendRequest request, Instant notBefore, boolean waits, boolean json) {}

  Prepared prepare(CliContext context, Addressing addressing) {
    boolean waits = await.getValue();
    if (timeout.getValue() != null && !waits) {
      throw new InvalidInputException("--timeout only applies with --wait");
    }
    Clock clock = context.environment().clock();
    Instant notBefore = Schedule.notBefore(delay.getValue(), at.getValue(), clock);
    SendRules.requireTtlAfterDue(notBefore, ttl.getValue(), clock);
    String text =
        new BodyReader(
                context.environment().stdio().in(),
                context.environment().stdio().inIsTerminal(),
                SendRules.MAX_BODY_BYTES)
            .read(body.getValue());
    SendRequest request =
        addressing
            .request(context.sender(from.getValue()), text)
            .withIdempotencyKey(idempotencyKey.getValue())
            .withNotBefore(notBefore)
            .withTtl(ttl.getValue());
    SendRules.check(request);
    return new Prepared(request, notBefore, waits, json.getValue());
  }

  /** The --timeout given, or null. */
  Duration timeout() {
    return timeout.getValue();
  }
}
