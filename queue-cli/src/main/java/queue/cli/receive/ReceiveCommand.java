package queue.cli.receive;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.DurationConverter;
import queue.cli.ProcessHooks;
import queue.core.agents.AgentNames;
import queue.core.api.QueueStore;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Transport;

/** {@code queue receive NAME [--limit N] [--wait D] [--follow] [--lease D] [--json]}. */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description = {
      "Take a pull agent's next due messages, in the order they were queued.",
      "Each is claimed with a lease, printed, and marked DELIVERED once stdout took it. If"
          + " writing fails or the process dies first, the lease runs out and the message is due"
          + " again. Without --wait or --follow it takes what is due now and exits 0, printing"
          + " nothing if there is nothing.",
      "Each message: a line with its id, time (UTC) and sender, then its body indented by two"
          + " spaces; with --json one JSON document per line: {\"id\", \"messageId\", \"from\","
          + " \"to\", \"body\", \"createdAt\", \"attempt\"}."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue receive worker",
      "  queue receive worker --wait 30s --limit 1 --json",
      "  queue receive worker --follow --json | while read -r line; do ...; done",
      "",
      "Exit codes: 0 ok; 1 stdout failed (the message is due again after its lease); 2 not a"
          + " pull agent; 5 --wait saw no message; 130 interrupted."
    })
public final class ReceiveCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The pull agent.")
  String name;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N messages in all (default: no limit).")
  int limit;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Wait up to DURATION for a first message; exit 5 if none came.")
  Duration wait;

  @Option(
      names = "--follow",
      description = "Keep receiving new messages until interrupted (or --limit is reached).")
  boolean follow;

  @Option(
      names = "--lease",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a message taken but not yet printed stays away from other receivers"
              + " (default: 60s).")
  Duration lease = Duration.ofSeconds(60);

  @Option(names = "--json", description = "Print one JSON document per message, one per line.")
  boolean json;

  public ReceiveCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    checkOptions();
    QueueStore store = context.store();
    Agent agent = Recipients.require(store, name, Transport.PULL, "receive");
    if (agent.paused()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          spec.qualifiedName()
              + ": agent "
              + name
              + " is paused: it receives nothing until 'queue agents resume "
              + name
              + "'");
      err.flush();
    }
    Receiver receiver =
        new Receiver(
            store,
            new Receiver.Request(name, owner(), lease, limit, follow, wait),
            new MessagePrinter(spec.commandLine().getOut(), json),
            context.environment().clock());
    ProcessHooks.Interruptible signals = context.environment().process().interruptOnSignal();
    try {
      return report(receiver.run());
    } catch (InterruptedException e) {
      return ProcessHooks.INTERRUPTED;
    } finally {
      signals.close();
    }
  }

  private void checkOptions() {
    AgentNames.require(name);
    if (limit < 0) {
      throw new InvalidInputException("invalid --limit " + limit + ": use 0 (no limit) or more");
    }
    if (lease.isZero()) {
      throw new InvalidInputException("--lease must be longer than 0");
    }
  }

  private int report(Receiver.Ending ending) {
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
  private String owner() {
    return "receive " + name + " pid " + ProcessHandle.current().pid() + "@" + context.host();
  }
}
