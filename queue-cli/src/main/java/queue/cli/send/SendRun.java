package queue.cli.send;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import queue.cli.CliContext;
import queue.cli.Plural;
import queue.cli.ProcessHooks;
import queue.core.Durations;
import queue.core.api.QueueStore;
import queue.core.api.SendResult;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.EntryState;

/**
 * What {@code send} and {@code reply} do with a prepared request: queue it, say so (or print its
 * JSON), warn when no processor runs, and with --wait follow it to the end.
 */
final class SendRun {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final CliContext context;
  private final CommandSpec spec;
  private final SendOptions options;

  SendRun(CliContext context, CommandSpec spec, SendOptions options) {
    this.context = context;
    this.spec = spec;
    this.options = options;
  }

  int run(SendOptions.Addressing addressing) {
    SendOptions.Prepared prepared = options.prepare(context, addressing);
    QueueStore store = openWithAgents();
    List<Agent> agents = store.agents().list();
    if (agents.isEmpty()) {
      throw noAgents(store.location() + "; add one with 'queue agents add NAME'");
    }
    SendResult sent = store.sends().send(prepared.request());
    warnIfNoProcessor(store, agents, sent);
    SendReport report = new SendReport(spec.commandLine().getOut(), prepared.json());
    if (!prepared.waits()) {
      if (prepared.json()) {
        report.queuedJson(sent, prepared.notBefore());
      } else {
        report.queued(sent, prepared.notBefore());
      }
      return ExitCode.OK.code();
    }
    report.queued(sent, prepared.notBefore());
    List<String> blocked = WaitingFor.anotherStep(agents, sent.recipients());
    if (!blocked.isEmpty()) {
      printError("note: %s", String.join("; ", blocked));
    }
    return waitAndReport(store, sent, prepared, report, blocked);
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

  private int waitAndReport(
      QueueStore store,
      SendResult sent,
      SendOptions.Prepared prepared,
      SendReport report,
      List<String> blocked) {
    Duration given = options.timeout();
    Duration limit = given == null ? DEFAULT_TIMEOUT : given;
    Progress progress =
        new Progress(
            spec.commandLine().getOut(),
            !prepared.json() && context.environment().stdio().outIsTerminal());
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
    report.waited(sent, prepared.notBefore(), result);
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
