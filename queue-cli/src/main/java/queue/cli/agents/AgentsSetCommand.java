package queue.cli.agents;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.core.agents.AgentNames;
import queue.core.api.QueueStore;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.AgentSettings;

/**
 * {@code queue agents set NAME [--max-attempts N] [--timeout D] [--secret-file F] [--header H]}.
 */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Change an agent's delivery settings.",
      "Settings not given keep their value; --header replaces every header. The next delivery"
          + " uses the new settings."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents set hook --max-attempts 3 --timeout 5s",
      "  queue agents set hook --secret-file /etc/queue/hook.key",
      "  queue agents set hook --header 'X-Team: ops' --header 'X-Env: prod'"
    })
public final class AgentsSetCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The agent to change.")
  String name;

  @Mixin SettingsOptions settings;

  @Option(names = "--json", description = "Print the agent as JSON.")
  boolean json;

  public AgentsSetCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AgentNames.require(name);
    if (settings.isEmpty()) {
      throw new InvalidInputException(
          "nothing to change: give --max-attempts, --timeout, --secret-file or --header");
    }
    QueueStore store = context.store();
    Agent current =
        store
            .agents()
            .find(name)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "unknown agent " + name + "; see 'queue agents list'"));
    AgentSettings checked = context.agentRequests().settings(current.transport(), settings.given());
    Agent agent = store.agents().change(name, AgentChange.settings(checked));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, AgentJson.of(agent, store));
    } else {
      out.println("updated " + name + ": " + AgentText.settings(agent.settings()));
      out.flush();
    }
    return 0;
  }
}
