package queue.cli.agents;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import queue.core.error.ExitCode;

/** {@code queue agents}: the group of agent registration commands. */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = "Register, list, pause, change and remove the agents messages go to.",
    subcommands = {
      AgentsAddCommand.class,
      AgentsListCommand.class,
      AgentsPauseCommand.class,
      AgentsResumeCommand.class,
      AgentsSetCommand.class,
      AgentsRemoveCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents add alice",
      "  queue agents add hook --url http://127.0.0.1:8080/inbox",
      "  queue agents add worker --pull",
      "  queue agents list --json",
      "  queue agents pause hook",
      "  queue agents set hook --max-attempts 3 --timeout 5s",
      "  queue agents remove alice --force"
    })
public final class AgentsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
