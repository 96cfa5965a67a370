package queue.cli.send;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.CliEnvironment;
import queue.cli.DurationConverter;
import queue.cli.ProcessHooks;
import queue.core.Durations;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.SendRules;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.model.EntryState;

/** {@code queue send (--to NAME[,NAME...] | --broadcast) [...] [BODY | -]}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Queue a message for some agents or all of them.",
      "One entry per recipient, all in one save. The body is BODY, or stdin when BODY is '-' or"
          + " absent and stdin is not a terminal (UTF-8, at most 1 MiB). Prints the message id"
          + " and \"queued for N/N agents\"."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue send --broadcast \"deploy at 17:00\"",
      "  queue send --to alice,bob --from ci \"build 42 is green\"",
      "  git log -1 | queue send --to alice -",
      "  queue send --broadcast --wait --timeout 1m --json \"restart now\"",
      "  queue send --to alice --idempotency-key job-42 \"sent once\"",
      "  queue send --to alice --at 17:00 --ttl 1h \"stand-up\"",
      "",
      "Exit codes: 0 queued (with --wait: all delivered); 1 --wait saw FAILED; 2 bad input"
          + " (nothing queued); 3 queue busy; 4 corrupt state; 5 --wait timed out;"
          + " 6 store unreachable; 130 interrupted (the message stays queued)."
    })
public final class SendCommand implements Callable<Integer> {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--to",
      split = ",",
      paramLabel = "NAME,...",
      hideParamSyntax = true,
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
      names = "--delay",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Not due before DURATION from now.")
  Duration delay;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "Not due before TIME: HH:MM (the next such local time) or ISO-8601 with an offset.")
  String at;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "An entry not delivered within DURATION of the send becomes FAILED (expired).")
  Duration ttl;

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

  @Override
  public Integer call() {
    if (timeout != null && !await) {
      throw new InvalidInputException("--timeout only applies with --wait");
    }
    CliEnvironment environment = context.environment();
    Instant notBefore = Schedule.notBefore(delay, at, environment.clock());
    Schedule.requireTtlAfter(notBefore, ttl, environment.clock());
    SendRequest request = request(notBefore);
    SendRules.check(request, SendRules.DEFAULT_MAX_BODY_BYTES);
    QueueStore store = context.store();
    SendResult sent = store.sends().send(request);
    warnIfNoProcessor(store);
    SendReport report = new SendReport(spec.commandLine().getOut(), json);
    if (!await) {
      if (json) {
        report.queuedJson(sent, notBefore);
      } else {
        report.queued(sent, notBefore);
      }
      return ExitCode.OK.code();
    }
    report.queued(sent, notBefore);
    return waitAndReport(store, sent, notBefore, report);
  }

  // Everything a send can be refused for without the queue is checked before the store is
  // opened, so bad input never creates a data directory.
  private SendRequest request(Instant notBefore) {
    String text =
        new BodyReader(
                context.environment().stdio().in(),
                context.environment().stdio().inIsTerminal(),
                SendRules.DEFAULT_MAX_BODY_BYTES)
            .read(body);
    return new SendRequest(to, broadcast, sender(), text, idempotencyKey, notBefore, ttl);
  }

  private int waitAndReport(
      QueueStore store, SendResult sent, Instant notBefore, SendReport report) {
    Duration limit = timeout == null ? DEFAULT_TIMEOUT : timeout;
    Progress progress =
        new Progress(
            spec.commandLine().getOut(), !json && context.environment().stdio().outIsTerminal());
    DeliveryWait wait = new DeliveryWait(store, context.environment().clock(), limit);
    DeliveryWait.Result result;
    // The handle is closed only after the last words are printed: closing it lets a signal's
    // shutdown hook return, and the process end.
    ProcessHooks.Interruptible signals = context.environment().process().interruptOnSignal();
    try {
      result = wait.await(sent.messageId(), sent.recipients(), progress::show);
    } catch (InterruptedException e) {
      progress.clear();
      printError(
          "interrupted; the message stays queued for its %d recipients ('queue status --message"
              + " %s')",
          sent.recipients().size(), sent.messageId());
      return ProcessHooks.INTERRUPTED;
    } finally {
      signals.close();
    }
    progress.clear();
    report.waited(sent, notBefore, result);
    if (result.timedOut()) {
      reportTimeout(sent, limit, result);
      return ExitCode.TIMED_OUT.code();
    }
    return result.count(EntryState.FAILED) > 0 ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }

  private void reportTimeout(SendResult sent, Duration limit, DeliveryWait.Result result) {
    printError(
        "--wait timed out after %s: delivered %d/%d, %d not finished; the message stays"
            + " queued ('queue status --message %s')",
        Durations.format(limit),
        result.count(EntryState.DELIVERED),
        result.outcomes().size(),
        result.unfinished(),
        sent.messageId());
  }

  private void printError(String format, Object... args) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + String.format(format, args));
    err.flush();
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
      printError(
          "warning: no queue-processor is running on %s; the message waits until one starts"
              + " (bin/queue-processor)",
          queue.location());
    }
  }
}
