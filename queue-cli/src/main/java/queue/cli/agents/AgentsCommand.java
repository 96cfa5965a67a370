package queue.cli.agents;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code queue agents}: the group of agent registration commands. */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = "Register, list and remove the agents messages are delivered to.",
    subcommands = {AgentsAddCommand.class, AgentsListCommand.class, AgentsRemoveCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents add alice",
      "  queue agents add hook --url http://127.0.0.1:8080/inbox",
      "  queue agents list --json",
      "  queue agents remove alice --force"
    })
public final class AgentsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
