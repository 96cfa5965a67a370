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

/** {@code queue agents pause NAME}. */
public final class AgentsPauseCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name = Specs.parameter("0", "NAME", "The agent to pause.");
  private final OptionSpec json = Specs.flag("--json", "Print the agent as JSON.");

  public AgentsPauseCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "pause",
            new String[] {
              "Stop delivery to an agent until it is resumed.",
              "Nothing new is claimed for it; a delivery in flight finishes. Sends still queue for"
                  + " it, and 'queue status' shows it paused."
            },
            "  queue agents pause hook",
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
    Agent agent = store.agents().change(name, AgentChange.pause());
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, AgentJson.of(agent, context.inboxRoot()));
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
