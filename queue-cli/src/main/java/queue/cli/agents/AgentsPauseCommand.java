package queue.cli.agents;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.core.agents.AgentNames;
import queue.core.api.QueueStore;
import queue.core.model.Agent;
import queue.core.model.AgentChange;

/** {@code queue agents pause NAME}. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Stop delivery to an agent until it is resumed.",
      "Nothing new is claimed for it; a delivery in flight finishes. Sends still queue for it,"
          + " and 'queue status' shows it paused."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  queue agents pause hook", "  queue agents resume hook"})
public final class AgentsPauseCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The agent to pause.")
  String name;

  @Option(names = "--json", description = "Print the agent as JSON.")
  boolean json;

  public AgentsPauseCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AgentNames.require(name);
    QueueStore store = context.store();
    Agent agent = store.agents().change(name, AgentChange.pause());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, AgentJson.of(agent, store));
    } else {
      out.println(
          "paused "
              + name
              + ": nothing new is delivered to it until 'queue agents resume "
              + name
              + "'; sends still queue for it");
      out.flush();
    }
    return 0;
  }
}
