package queue.cli.receive;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import queue.cli.CliContext;
import queue.cli.ProcessHooks;
import queue.cli.Specs;
import queue.core.api.DueEntry;
import queue.core.api.QueueStore;
import queue.core.documents.AgentMessage;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;

/** {@code queue receive NAME [--limit N] [--wait D] [--follow] [--lease D] [--json]}. */
public final class ReceiveCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name =
      Specs.optionalParameter("0", "NAME", "The pull agent (default: $QUEUE_AGENT).");
  private final OptionSpec peek =
      Specs.flag(
          "--peek",
          "Only print the due messages, oldest first: nothing is taken or changed (with --limit,"
              + " --json).");
  private final OptionSpec limit =
      Specs.number("--limit", "N", "At most N messages in all (default: no limit).");
  private final OptionSpec wait =
      Specs.duration("--wait", "Wait up to DURATION for a first message; exit 5 if none came.")
          .build();
  private final OptionSpec follow =
      Specs.flag(
          "--follow", "Keep receiving new messages until interrupted (or --limit is reached).");
  private final OptionSpec lease =
      Specs.duration(
              "--lease",
              "How long a message taken but not yet printed stays away from other receivers"
                  + " (default: 60s).")
          .initialValue(Duration.ofSeconds(60))
          .build();
  private final OptionSpec json =
      Specs.flag("--json", "Print one JSON document per message, one per line.");

  public ReceiveCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "receive",
            new String[] {
              "Take a pull agent's next due messages, in the order they were queued.",
              "Each is claimed with a lease, printed, and marked DELIVERED once stdout took it. If"
                  + " writing fails or the process dies first, the lease runs out and the message"
                  + " is due again. Without --wait or --follow it takes what is due now and exits"
                  + " 0, printing nothing if there is nothing. --peek only prints what is due,"
                  + " taking and changing nothing.",
              "Each message: a line with its id, time (UTC) and sender, then its body indented by"
                  + " two spaces; with --json one JSON document per line: {\"id\", \"messageId\","
                  + " \"from\", \"to\", \"body\", \"createdAt\", \"attempt\", \"threadId\"}, and"
                  + " \"inReplyTo\" for a reply, \"notice\" for a non-delivery notice."
            },
            "  queue receive worker",
            "  queue receive worker --peek --json",
            "  QUEUE_AGENT=worker queue receive --limit 1",
            "  queue receive worker --wait 30s --limit 1 --json",
            "  queue receive worker --follow --json | while read -r line; do ...; done",
            "",
            "Exit codes: 0 ok; 1 stdout failed (the message is due again after its lease); 2 not a"
                + " pull agent; 5 --wait saw no message; 130 interrupted.");
    spec.addPositional(name)
        .addOption(peek)
        .addOption(limit)
        .addOption(wait)
        .addOption(follow)
        .addOption(lease)
        .addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String name = context.agentName(this.name.getValue(), "receive");
    int max = limit.getValue();
    Duration leaseTime = lease.getValue();
    checkOptions(max, leaseTime);
    if (peek.getValue()) {
      return peek(name, max);
    }
    QueueStore store = context.store();
    noteIfPaused(Recipients.require(store, name, Agent.PULL, "receive"));
    Receiver receiver =
        new Receiver(
            store,
            new Receiver.Request(
                name, owner(name), leaseTime, max, follow.getValue(), wait.getValue()),
            new MessagePrinter(spec.commandLine().getOut(), json.getValue()),
            context.environment().clock());
    ProcessHooks.Interruptible signals = context.environment().process().interruptOnSignal();
    try {
      return report(receiver.run(), name);
    } catch (InterruptedException e) {
      return ProcessHooks.INTERRUPTED;
    } finally {
      signals.close();
    }
  }

  // Peeking reads, and only reads: it opens the store read-only and changes nothing.
  private int peek(String name, int max) {
    ParseResult given = spec.commandLine().getParseResult();
    for (String taking : List.of("--wait", "--follow", "--lease")) {
      if (given.hasMatchedOption(taking)) {
        throw new InvalidInputException(
            taking + " cannot be used with --peek, which takes nothing: leave one out");
      }
    }
    QueueStore store = context.reader();
    noteIfPaused(Recipients.require(store, name, Agent.PULL, "receive"));
    MessagePrinter printer = new MessagePrinter(spec.commandLine().getOut(), json.getValue());
    for (DueEntry due : store.conversations().peek(name, max)) {
      if (!printer.print(ShownMessage.of(AgentMessage.of(due.entry(), due.message())))) {
        return ExitCode.FAILED.code();
      }
    }
    return ExitCode.OK.code();
  }

  private void noteIfPaused(Agent agent) {
    if (agent.paused()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          spec.qualifiedName()
              + ": agent "
              + agent.name()
              + " is paused: it receives nothing until 'queue agents resume "
              + agent.name()
              + "'");
      err.flush();
    }
  }

  private static void checkOptions(int limit, Duration lease) {
    if (limit < 0) {
      throw new InvalidInputException("invalid --limit " + limit + ": use 0 (no limit) or more");
    }
    if (lease.isZero()) {
      throw new InvalidInputException("--lease must be longer than 0");
    }
  }

  private int report(Receiver.Ending ending, String name) {
    PrintWriter err = spec.commandLine().getErr();
    return switch (ending) {
      case RECEIVED -> ExitCode.OK.code();
      case NOTHING_CAME -> {
        err.println(spec.qualifiedName() + ": no message for " + name + " within --wait");
        err.flush();
        yield ExitCode.TIMED_OUT.code();
      }
      case OUTPUT_FAILED -> {
        err.println(
            spec.qualifiedName()
                + ": could not write to stdout; the message being written stays PROCESSING and"
                + " is due again when its lease runs out");
        err.flush();
        yield ExitCode.FAILED.code();
      }
    };
  }

  // Names this receiver in listings and in doctor's lease check.
  private String owner(String name) {
    return "receive " + name + " pid " + ProcessHandle.current().pid() + "@" + context.host();
  }
}
