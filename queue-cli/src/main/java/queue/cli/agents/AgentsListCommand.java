package queue.cli.agents;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Table;
import queue.cli.agents.AgentsAddCommand.AgentJson;
import queue.core.model.Agent;

/** {@code queue agents list [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the registered agents and where their messages go.",
    footerHeading = "%nExamples:%n",
    footer = {"  queue agents list", "  queue agents list --json | jq -r '.agents[].name'"})
public final class AgentsListCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--json",
      description =
          "Print {\"agents\": [{\"name\", \"transport\", \"target\", \"registeredAt\"}]}.")
  boolean json;

  public AgentsListCommand(CliContext context) {
    this.context = context;
  }

  record AgentsJson(List<AgentJson> agents) {}

  @Override
  public Integer call() {
    List<Agent> agents = context.reader().agents().list();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, new AgentsJson(agents.stream().map(AgentJson::of).toList()));
      return 0;
    }
    if (agents.isEmpty()) {
      out.println("no agents registered; add one with 'queue agents add NAME'");
      return 0;
    }
    Table table = new Table("NAME", "TRANSPORT", "TARGET");
    agents.forEach(a -> table.row(a.name(), a.transport().label(), a.target()));
    table.print(out);
    return 0;
  }
}
