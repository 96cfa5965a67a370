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

/** {@code queue agents resume NAME}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Restart delivery to a paused agent.",
      "What was queued for it while it was paused is delivered in the order it was queued."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  queue agents resume hook"})
public final class AgentsResumeCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The agent to resume.")
  String name;

  @Option(names = "--json", description = "Print the agent as JSON.")
  boolean json;

  public AgentsResumeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AgentNames.require(name);
    QueueStore store = context.store();
    Agent agent = store.agents().change(name, AgentChange.resume());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, AgentJson.of(agent, store));
    } else {
      out.println("resumed " + name + ": its queued messages are delivered in order");
      out.flush();
    }
    return 0;
  }
}
