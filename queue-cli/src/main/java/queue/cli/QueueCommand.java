package queue.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import queue.cli.admin.DoctorCommand;
import queue.cli.admin.PurgeCommand;
import queue.cli.admin.RetryCommand;
import queue.cli.agents.AgentsCommand;
import queue.cli.report.ListCommand;
import queue.cli.report.StatusCommand;
import queue.cli.send.SendCommand;

/** The root command: global options and the list of subcommands. */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "A persistent message queue with broadcast delivery for local agents.",
      "A queue-processor daemon (bin/queue-processor) delivers what this command queues."
    },
    subcommands = {
      AgentsCommand.class,
      SendCommand.class,
      StatusCommand.class,
      ListCommand.class,
      RetryCommand.class,
      PurgeCommand.class,
      DoctorCommand.class,
      CompletionCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents add alice",
      "  queue send --broadcast \"deploy at 17:00\"",
      "  queue send --to alice,bob --wait \"ping\"",
      "  queue status --json",
      "",
      "Durations: 500ms, 10s, 5m, 1h, 7d.",
      "Exit codes: 0 ok, 1 failed (--wait saw FAILED, doctor found problems, a save failed),",
      "2 bad usage or input, 3 queue busy (lock timeout), 4 state unreadable or corrupt,",
      "5 --wait timed out."
    })
public final class QueueCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Spec CommandSpec spec;

  public QueueCommand(CliContext context) {
    this.global = context.global();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ErrorHandler.USAGE;
  }
}
