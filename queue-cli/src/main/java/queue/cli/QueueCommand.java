package queue.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import queue.cli.admin.DoctorCommand;
import queue.cli.admin.ExportCommand;
import queue.cli.admin.ImportCommand;
import queue.cli.admin.PurgeCommand;
import queue.cli.admin.RetryCommand;
import queue.cli.agents.AgentsCommand;
import queue.cli.receive.InboxCommand;
import queue.cli.receive.ReceiveCommand;
import queue.cli.report.ListCommand;
import queue.cli.report.StatusCommand;
import queue.cli.send.SendCommand;
import queue.core.error.ExitCode;

/** The root command: global options and the list of subcommands. */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "A persistent message queue with broadcast delivery for local agents.",
      "A queue-processor daemon (bin/queue-processor) delivers what this command queues; an agent"
          + " reads its inbox with 'queue inbox', or pulls with 'queue receive'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents add alice",
      "  queue send --broadcast \"deploy at 17:00\"",
      "  queue send --to alice,bob --wait \"ping\"",
      "  queue status --json",
      "",
      "Durations: 500ms, 10s, 5m, 1h, 7d.",
      "Exit codes: 0 ok; 1 failed (--wait saw FAILED, doctor found problems, a save failed);"
          + " 2 bad usage or input; 3 queue busy (lock timeout); 4 state unreadable or corrupt;"
          + " 5 timed out (--wait, receive --wait); 6 store unreachable."
    })
public final class QueueCommand implements Callable<Integer> {
  /** The subcommands, in the order help lists them. */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static final List<String> OPTIONS_WITH_VALUES =
      List.of("--dir", "--store", "--lock-timeout", "--connect-timeout");

  @Mixin GlobalOptions global;
  @Spec CommandSpec spec;

  public QueueCommand(CliContext context) {
    this.global = context.global();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("agents", AgentsCommand.class);
    all.put("send", SendCommand.class);
    all.put("inbox", InboxCommand.class);
    all.put("receive", ReceiveCommand.class);
    all.put("status", StatusCommand.class);
    all.put("list", ListCommand.class);
    all.put("retry", RetryCommand.class);
    all.put("purge", PurgeCommand.class);
    all.put("doctor", DoctorCommand.class);
    all.put("export", ExportCommand.class);
    all.put("import", ImportCommand.class);
    all.put("completion", CompletionCommand.class);
    return all;
  }

  /**
   * The subcommands a run with these arguments needs. Building picocli's model of a command costs
   * reflection on all its classes, most of a cold start; a run of one command needs only that one.
   * Root help, completion and a mistyped command get them all (help lists them, picocli suggests
   * the nearest name).
   */
  static Map<String, Class<?>> neededBy(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (OPTIONS_WITH_VALUES.contains(arg)) {
        i++;
      } else if (arg.equals("--")) {
        return SUBCOMMANDS;
      } else if (!arg.startsWith("-")) {
        Class<?> command = SUBCOMMANDS.get(arg);
        return command == null || arg.equals("completion") ? SUBCOMMANDS : Map.of(arg, command);
      }
    }
    return SUBCOMMANDS;
  }
}
