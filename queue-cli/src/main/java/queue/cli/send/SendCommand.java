package queue.cli.send;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.DurationConverter;
import queue.cli.Json;
import queue.core.Durations;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.SendRules;
import queue.core.error.InvalidInputException;
import queue.core.model.EntryState;

/** {@code queue send (--to NAME[,NAME...] | --broadcast) [...] [BODY | -]}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Queue a message for some agents or all of them: one entry per recipient, all in one save.",
      "The body is BODY, or stdin when BODY is '-' or absent and stdin is not a terminal",
      "(UTF-8, at most 1 MiB). Prints the message id and \"queued for N/N agents\"."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue send --broadcast \"deploy at 17:00\"",
      "  queue send --to alice,bob --from ci \"build 42 is green\"",
      "  git log -1 | queue send --to alice -",
      "  queue send --broadcast --wait --timeout 1m --json \"restart now\"",
      "  queue send --to alice --idempotency-key job-42 \"sent once\"",
      "",
      "Exit codes: 0 queued (with --wait: all delivered), 1 --wait saw FAILED,",
      "2 bad input (nothing queued), 3 queue busy, 4 corrupt state, 5 --wait timed out."
    })
public final class SendCommand implements Callable<Integer> {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final int TIMED_OUT = 5;

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--to",
      split = ",",
      paramLabel = "NAME",
      description = "The recipients, comma-separated; repeatable.")
  List<String> to = new ArrayList<>();

  @Option(names = "--broadcast", description = "Send to every registered agent.")
  boolean broadcast;

  @Option(
      names = "--from",
      paramLabel = "SENDER",
      description = "The sender's name (default: your user name, else \"cli\").")
  String from;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "A repeated key answers with the first message's id and queues nothing new.")
  String idempotencyKey;

  @Option(
      names = "--wait",
      description = "Wait until every recipient's entry is DELIVERED or FAILED.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "With --wait: give up after this long, exit 5 (default: 30s).")
  Duration timeout;

  @Option(
      names = "--json",
      description = "Print one JSON document: {\"messageId\", \"queued\", \"recipients\", ...}.")
  boolean json;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "BODY",
      description = "The message text, or '-' for stdin.")
  String body;

  public SendCommand(CliContext context) {
    this.context = context;
  }

  /** The answer of {@code send --json}; the counts and outcomes only with --wait. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SendJson(
      String messageId,
      int queued,
      List<String> recipients,
      boolean duplicate,
      Long delivered,
      Long failed,
      Long pending,
      List<OutcomeJson> outcomes,
      Boolean timedOut) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OutcomeJson(String recipient, String state, String error) {}

  @Override
  public Integer call() throws InterruptedException {
    if (timeout != null && !await) {
      throw new InvalidInputException("--timeout only applies with --wait");
    }
    QueueStore queue = context.store();
    String text =
        new BodyReader(
                context.environment().stdin(),
                context.environment().stdinIsTerminal(),
                SendRules.DEFAULT_MAX_BODY_BYTES)
            .read(body);
    SendResult sent =
        queue
            .sends()
            .send(new SendRequest(to, broadcast, sender(), text, idempotencyKey, null, null));
    warnIfNoProcessor(queue);
    if (!await) {
      report(sent, null);
      return 0;
    }
    return waitAndReport(queue, sent);
  }

  private int waitAndReport(QueueStore queue, SendResult sent) throws InterruptedException {
    Duration limit = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (!json) {
      printQueued(sent);
    }
    Progress progress =
        new Progress(
            spec.commandLine().getOut(), !json && context.environment().stdoutIsTerminal());
    DeliveryWait.Result result =
        new DeliveryWait(queue.reports(), context.environment().clock(), limit)
            .await(sent.messageId(), sent.recipients(), progress::show);
    progress.clear();
    report(sent, result);
    if (result.timedOut()) {
      spec.commandLine()
          .getErr()
          .printf(
              "%s: --wait timed out after %s: delivered %d/%d, %d not finished; the message stays"
                  + " queued ('queue status --message %s')%n",
              spec.qualifiedName(),
              Durations.format(limit),
              result.count(EntryState.DELIVERED),
              result.outcomes().size(),
              result.unfinished(),
              sent.messageId());
      spec.commandLine().getErr().flush();
      return TIMED_OUT;
    }
    return result.count(EntryState.FAILED) > 0 ? 1 : 0;
  }

  private void report(SendResult sent, DeliveryWait.Result result) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, toJson(sent, result));
      return;
    }
    if (result == null) {
      printQueued(sent);
      return;
    }
    int width = sent.recipients().stream().mapToInt(String::length).max().orElse(0);
    for (DeliveryWait.Outcome outcome : result.outcomes()) {
      out.printf(
          "  %-" + width + "s  %s%s%n",
          outcome.recipient(),
          outcome.state(),
          outcome.error() == null ? "" : "  (" + outcome.error() + ")");
    }
    long failed = result.count(EntryState.FAILED);
    out.printf(
        "delivered %d/%d%s%n",
        result.count(EntryState.DELIVERED),
        result.outcomes().size(),
        failed > 0 ? ", failed " + failed : "");
    out.flush();
  }

  private void printQueued(SendResult sent) {
    PrintWriter out = spec.commandLine().getOut();
    int n = sent.recipients().size();
    out.println(sent.messageId());
    out.println(
        sent.duplicate()
            ? "duplicate idempotency key: already queued for "
                + n
                + "/"
                + n
                + " agents, nothing new queued"
            : "queued for " + n + "/" + n + " agents");
    out.flush();
  }

  private static SendJson toJson(SendResult sent, DeliveryWait.Result result) {
    int queued = sent.recipients().size();
    if (result == null) {
      return new SendJson(
          sent.messageId(),
          queued,
          sent.recipients(),
          sent.duplicate(),
          null,
          null,
          null,
          null,
          null);
    }
    List<OutcomeJson> outcomes =
        result.outcomes().stream()
            .map(o -> new OutcomeJson(o.recipient(), o.state().name(), o.error()))
            .toList();
    return new SendJson(
        sent.messageId(),
        queued,
        sent.recipients(),
        sent.duplicate(),
        result.count(EntryState.DELIVERED),
        result.count(EntryState.FAILED),
        result.unfinished(),
        outcomes,
        result.timedOut());
  }

  private String sender() {
    if (from != null) {
      return from;
    }
    String user = context.environment().userName();
    return user == null || user.isBlank() ? "cli" : user;
  }

  private void warnIfNoProcessor(QueueStore queue) {
    if (queue.liveness().running().isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          spec.qualifiedName()
              + ": warning: no queue-processor is running on "
              + queue.location()
              + "; the message waits until one starts (bin/queue-processor)");
      err.flush();
    }
  }
}
