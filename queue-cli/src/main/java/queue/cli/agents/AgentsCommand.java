package queue.cli.agents;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.error.ExitCode;

/** {@code queue agents}: the group of agent registration commands. */
public final class AgentsCommand implements Callable<Integer> {
  private final CommandSpec spec;

  public AgentsCommand(CliContext context) {
    spec =
        Specs.withHelp(
            Specs.command(
                this,
                "agents",
                new String[] {
                  "Register, list, pause, change and remove the agents messages go to."
                },
                "  queue agents add alice",
                "  queue agents add hook --url http://127.0.0.1:8080/inbox",
                "  queue agents add worker --pull",
                "  queue agents list --json",
                "  queue agents pause hook",
                "  queue agents set hook --max-attempts 3 --timeout 5s",
                "  queue agents remove alice --force"));
    add(new AgentsAddCommand(context).spec());
    add(new AgentsListCommand(context).spec());
    add(AgentsPauseResumeCommand.pause(context));
    add(AgentsPauseResumeCommand.resume(context));
    add(new AgentsSetCommand(context).spec());
    add(new AgentsRemoveCommand(context).spec());
  }

  private void add(CommandSpec subcommand) {
    spec.addSubcommand(subcommand.name(), new CommandLine(subcommand));
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
