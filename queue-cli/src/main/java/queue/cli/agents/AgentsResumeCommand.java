package queue.cli.agents;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.core.agents.AgentNames;
import queue.core.api.QueueStore;
import queue.core.model.Agent;
import queue.core.model.AgentChange;

/** {@code queue agents resume NAME}. */
public final class AgentsResumeCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name = Specs.parameter("0", "NAME", "The agent to resume.");
  private final OptionSpec json = Specs.flag("--json", "Print the agent as JSON.");

  public AgentsResumeCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "resume",
            new String[] {
              "Restart delivery to a paused agent.",
              "What was queued for it while it was paused is delivered in the order it was queued."
            },
            "  queue agents resume hook");
    spec.addPositional(name).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String name = this.name.getValue();
    AgentNames.require(name);
    QueueStore store = context.store();
    Agent agent = store.agents().change(name, AgentChange.resume());
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, AgentJson.of(agent, context.inboxRoot()));
    } else {
      out.println("resumed " + name + ": its queued messages are delivered in order");
      out.flush();
    }
    return 0;
  }
}
