package queue.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.admin.DoctorCommand;
import queue.cli.admin.ExportCommand;
import queue.cli.admin.ImportCommand;
import queue.cli.admin.PurgeCommand;
import queue.cli.admin.RetryCommand;
import queue.cli.agents.AgentsCommand;
import queue.cli.mcp.McpCommand;
import queue.cli.receive.InboxCommand;
import queue.cli.receive.ReceiveCommand;
import queue.cli.report.ListCommand;
import queue.cli.report.StatusCommand;
import queue.cli.report.ThreadCommand;
import queue.cli.send.ReplyCommand;
import queue.cli.send.SendCommand;
import queue.core.error.ExitCode;

/** The root command: global options and the list of subcommands. */
public final class QueueCommand implements Callable<Integer> {
  /** The subcommands, in the order help lists them. */
  static final List<String> SUBCOMMANDS =
      List.of(
          "agents",
          "send",
          "reply",
          "thread",
          "inbox",
          "receive",
          "mcp",
          "status",
          "list",
          "retry",
          "purge",
          "doctor",
          "export",
          "import",
          "completion");

  private final CommandSpec spec;

  public QueueCommand(CliContext context) {
    spec =
        Specs.command(
                this,
                "queue",
                new String[] {
                  "A persistent message queue with broadcast delivery for local agents.",
                  "A queue-processor daemon delivers what this command"
                      + " queues; an agent reads its inbox with 'queue inbox', or pulls with 'queue"
                      + " receive'."
                },
                "  queue agents add alice",
                "  queue send --broadcast \"deploy at 17:00\"",
                "  queue send --to alice,bob --wait \"ping\"",
                "  queue status --json",
                "",
                "Durations: 500ms, 10s, 5m, 1h, 7d.",
                "Exit codes: 0 ok; 1 failed (--wait saw FAILED, doctor found problems, a save"
                    + " failed); 2 bad usage or input; 3 queue busy (lock timeout); 4 state"
                    + " unreadable or corrupt; 5 timed out (--wait, receive --wait); 6 store"
                    + " unreachable.")
            .versionProvider(new VersionProvider());
    context.global().addTo(spec);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  /** The model of the subcommand {@code name}, one of {@link #SUBCOMMANDS}. */
  static CommandSpec subcommand(String name, CliContext context) {
    return switch (name) {
      case "agents" -> new AgentsCommand(context).spec();
      case "send" -> new SendCommand(context).spec();
      case "reply" -> new ReplyCommand(context).spec();
      case "thread" -> new ThreadCommand(context).spec();
      case "inbox" -> new InboxCommand(context).spec();
      case "receive" -> new ReceiveCommand(context).spec();
      case "mcp" -> new McpCommand(context).spec();
      case "status" -> new StatusCommand(context).spec();
      case "list" -> new ListCommand(context).spec();
      case "retry" -> new RetryCommand(context).spec();
      case "purge" -> new PurgeCommand(context).spec();
      case "doctor" -> new DoctorCommand(context).spec();
      case "export" -> new ExportCommand(context).spec();
      case "import" -> new ImportCommand(context).spec();
      case "completion" -> new CompletionCommand().spec();
      case ManPagesCommand.NAME -> new ManPagesCommand().spec();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /**
   * The subcommands a run with these arguments needs. Building a command's model costs a cold
   * start, and a run of one command needs only that one. Root help, completion and a mistyped
   * command get them all (help lists them, picocli suggests the nearest name); the man pages get
   * them all and their generator.
   */
  List<String> neededBy(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (takesValue(arg)) {
        i++;
      } else if (arg.equals("--")) {
        return SUBCOMMANDS;
      } else if (arg.equals(ManPagesCommand.NAME)) {
        List<String> all = new ArrayList<>(SUBCOMMANDS);
        all.add(ManPagesCommand.NAME);
        return all;
      } else if (!arg.startsWith("-")) {
        return SUBCOMMANDS.contains(arg) && !arg.equals("completion") ? List.of(arg) : SUBCOMMANDS;
      }
    }
    return SUBCOMMANDS;
  }

  // The global options as GlobalOptions declares them: one that takes a value skips it.
  private boolean takesValue(String arg) {
    OptionSpec option = spec.findOption(arg);
    return option != null && option.arity().max() > 0;
  }
}
