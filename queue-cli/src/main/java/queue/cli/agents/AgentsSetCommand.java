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
import queue.core.error.InvalidInputException;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.AgentChange;

/**
 * {@code queue agents set NAME [--max-attempts N] [--timeout D] [--secret-file F] [--header H]}.
 */
public final class AgentsSetCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name = Specs.parameter("0", "NAME", "The agent to change.");
  private final SettingsOptions settings = new SettingsOptions();
  private final OptionSpec json = Specs.flag("--json", "Print the agent as JSON.");

  public AgentsSetCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "set",
            new String[] {
              "Change an agent's delivery settings.",
              "Settings not given keep their value; --header replaces every header. The next"
                  + " delivery uses the new settings."
            },
            "  queue agents set hook --max-attempts 3 --timeout 5s",
            "  queue agents set hook --secret-file /etc/queue/hook.key",
            "  queue agents set hook --header 'X-Team: ops' --header 'X-Env: prod'");
    settings.addTo(spec.addPositional(name)).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String name = this.name.getValue();
    AgentNames.require(name);
    if (settings.isEmpty()) {
      throw new InvalidInputException(
          "nothing to change: give --max-attempts, --timeout, --secret-file or --header");
    }
    QueueStore store = context.store();
    Agent current = store.agents().find(name).orElseThrow(() -> Refusals.unknownAgent(name));
    Settings checked = context.agentRequests().settings(current.transport(), settings.given());
    Agent agent = store.agents().change(name, AgentChange.target(checked.asTarget()));
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, AgentJson.of(agent, context.inboxRoot()));
    } else {
      out.println("updated " + name + ": " + AgentText.settings(Settings.of(agent.target())));
      out.flush();
    }
    return 0;
  }
}
