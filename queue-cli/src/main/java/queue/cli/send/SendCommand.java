package queue.cli.send;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.CliEnvironment;
import queue.cli.Plural;
import queue.cli.ProcessHooks;
import queue.cli.Specs;
import queue.core.Durations;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.EntryState;
import queue.core.rules.SendRules;

/** {@code queue send (--to NAME|@GROUP[,...] | --broadcast) [...] [BODY | -]}. */
public final class SendCommand implements Callable<Integer> {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec to =
      OptionSpec.builder("--to")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .splitRegex(",")
          .paramLabel("NAME|@GROUP,...")
          .hideParamSyntax(true)
          .description(
              "The recipients, comma-separated; repeatable. @GROUP is every agent in GROUP at the"
                  + " moment of the send; a recipient named twice gets one entry.")
          .build();
  private final OptionSpec broadcast = Specs.flag("--broadcast", "Send to every registered agent.");
  private final OptionSpec from =
      Specs.text("--from", "SENDER", "The sender's name (default: your user name, else \"cli\").");
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
          "--json", "Print one JSON document: {\"messageId\", \"queued\", \"recipients\", ...}.");
  private final PositionalParamSpec body =
      PositionalParamSpec.builder()
          .index("0")
          .arity("0..1")
          .type(String.class)
          .paramLabel("BODY")
          .description("The message text, or '-' for stdin.")
          .build();

  public SendCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "send",
            new String[] {
              "Queue a message for some agents or all of them.",
              "One entry per recipient, all in one save. The body is BODY, or stdin when BODY is"
                  + " '-' or absent and stdin is not a terminal (UTF-8, at most 1 MiB). Prints the"
                  + " message id and \"queued for N/N agents\"."
            },
            "  queue send --broadcast \"deploy at 17:00\"",
            "  queue send --to alice,bob --from ci \"build 42 is green\"",
            "  queue send --to @reviewers,carol \"PR 17 is ready\"",
            "  git log -1 | queue send --to alice -",
            "  queue send --broadcast --wait --timeout 1m --json \"restart now\"",
            "  queue send --to alice --idempotency-key job-42 \"sent once\"",
            "  queue send --to alice --at 17:00 --ttl 1h \"stand-up\"",
            "",
            "Exit codes: 0 queued (with --wait: all delivered); 1 --wait saw FAILED; 2 bad input"
                + " (nothing queued); 3 queue busy; 4 corrupt state; 5 --wait timed out;"
                + " 6 store unreachable; 130 interrupted (the message stays queued).");
    spec.addOption(to)
        .addOption(broadcast)
        .addOption(from)
        .addOption(idempotencyKey)
        .addOption(delay)
        .addOption(at)
        .addOption(ttl)
        .addOption(await)
        .addOption(timeout)
        .addOption(json)
        .addPositional(body);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    boolean waits = await.getValue();
    boolean asJson = json.getValue();
    if (timeout.getValue() != null && !waits) {
      throw new InvalidInputException("--timeout only applies with --wait");
    }
    CliEnvironment environment = context.environment();
    Instant notBefore = Schedule.notBefore(delay.getValue(), at.getValue(), environment.clock());
    SendRules.requireTtlAfterDue(notBefore, ttl.getValue(), environment.clock());
    SendRequest request = request(notBefore);
    SendRules.check(request);
    QueueStore store = openWithAgents();
    List<Agent> agents = store.agents().list();
    if (agents.isEmpty()) {
      throw noAgents(store.location() + "; add one with 'queue agents add NAME'");
    }
    SendResult sent = store.sends().send(request);
    warnIfNoProcessor(store, agents, sent);
    SendReport report = new SendReport(spec.commandLine().getOut(), asJson);
    if (!waits) {
      if (asJson) {
        report.queuedJson(sent, notBefore);
      } else {
        report.queued(sent, notBefore);
      }
      return ExitCode.OK.code();
    }
    report.queued(sent, notBefore);
    List<String> blocked = WaitingFor.anotherStep(agents, sent.recipients());
    if (!blocked.isEmpty()) {
      printError("note: %s", String.join("; ", blocked));
    }
    return waitAndReport(store, sent, notBefore, report, blocked);
  }

  // A data directory that does not exist has no agents: say so, and create nothing.
  private QueueStore openWithAgents() {
    if (!context.exists()) {
      throw noAgents(
          context.location()
              + ": the directory does not exist; check --dir, --store and $QUEUE_DIR, or add an"
              + " agent with 'queue agents add NAME'");
    }
    return context.store();
  }

  private static InvalidInputException noAgents(String where) {
    return new InvalidInputException("no agents are registered in " + where);
  }

  // Everything a send can be refused for without the queue is checked before the store is
  // opened, so bad input never creates a data directory.
  private SendRequest request(Instant notBefore) {
    String text =
        new BodyReader(
                context.environment().stdio().in(),
                context.environment().stdio().inIsTerminal(),
                SendRules.MAX_BODY_BYTES)
            .read(body.getValue());
    List<String> recipients = to.getValue();
    return new SendRequest(
        recipients == null ? List.of() : recipients,
        broadcast.getValue(),
        sender(),
        text,
        idempotencyKey.getValue(),
        notBefore,
        ttl.getValue());
  }

  private int waitAndReport(
      QueueStore store,
      SendResult sent,
      Instant notBefore,
      SendReport report,
      List<String> blocked) {
    Duration given = timeout.getValue();
    Duration limit = given == null ? DEFAULT_TIMEOUT : given;
    boolean asJson = json.getValue();
    Progress progress =
        new Progress(
            spec.commandLine().getOut(), !asJson && context.environment().stdio().outIsTerminal());
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
          "interrupted; the message stays queued for its %s ('queue status --message %s')",
          Plural.of(sent.recipients().size(), "recipient", "recipients"), sent.messageId());
      return ProcessHooks.INTERRUPTED;
    } finally {
      signals.close();
    }
    progress.clear();
    report.waited(sent, notBefore, result);
    if (result.timedOut()) {
      reportTimeout(sent, limit, result, blocked);
      return ExitCode.TIMED_OUT.code();
    }
    return result.count(EntryState.FAILED) > 0 ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }

  private void reportTimeout(
      SendResult sent, Duration limit, DeliveryWait.Result result, List<String> blocked) {
    printError(
        "--wait timed out after %s: delivered %d/%d, %d not finished%s; the message stays"
            + " queued ('queue status --message %s')",
        Durations.format(limit),
        result.count(EntryState.DELIVERED),
        result.outcomes().size(),
        result.unfinished(),
        blocked.isEmpty() ? "" : " (" + String.join("; ", blocked) + ")",
        sent.messageId());
  }

  private void printError(String format, Object... args) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + String.format(format, args));
    err.flush();
  }

  private String sender() {
    String given = from.getValue();
    if (given != null) {
      return given;
    }
    String user = context.environment().userName();
    return user == null || user.isBlank() ? "cli" : user;
  }

  // Pull agents take their messages with `queue receive`: a send only to them needs no processor.
  private void warnIfNoProcessor(QueueStore queue, List<Agent> agents, SendResult sent) {
    if (queue.liveness().running().isEmpty() && needsProcessor(agents, sent.recipients())) {
      printError(
          "warning: no queue-processor is running on %s; the message waits until one starts",
          queue.location());
    }
  }

  private static boolean needsProcessor(List<Agent> agents, List<String> recipients) {
    for (Agent agent : agents) {
      if (!agent.isPull() && recipients.contains(agent.name())) {
        return true;
      }
    }
    return false;
  }
}
