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
import queue.core.model.Target;

/**
 * {@code queue agents set NAME [SETTINGS] [--group G]... [--ungroup G]... [--inbox DIR | --url URL
 * | --pull | --exec CMD [ARG...]]}: one change, made in one transaction of the store.
 */
public final class AgentsSetCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name = Specs.parameter("0", "NAME", "The agent to change.");
  private final SettingsOptions settings = new SettingsOptions();
  private final GroupOptions groups = new GroupOptions(true);
  private final TransportOptions transports = new TransportOptions();
  private final OptionSpec json = Specs.flag("--json", "Print the agent as JSON.");

  public AgentsSetCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "set",
            new String[] {
              "Change an agent's delivery settings, its groups, or where it receives.",
              "Settings not given keep their value; --header replaces every header. --inbox, --url,"
                  + " --exec and --pull change its transport, with the checks of 'agents add':"
                  + " entries not yet delivered keep their place and order and go the new way, one"
                  + " in flight finishes the old way; settings that do not apply to the new"
                  + " transport are dropped. --exec takes the command and every argument after it:"
                  + " give the other options before it. The next delivery uses the change."
            },
            "  queue agents set hook --max-attempts 3 --timeout 5s",
            "  queue agents set hook --secret-file /etc/queue/hook.key",
            "  queue agents set hook --header 'X-Team: ops' --header 'X-Env: prod'",
            "  queue agents set alice --group reviewers --ungroup ops",
            "  queue agents set alice --exec /usr/local/bin/handle-message",
            "  queue agents set alice --pull");
    spec.addPositional(name);
    transports.addTo(groups.addTo(settings.addTo(spec))).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String agentName = AgentNames.require(name.getValue());
    if (settings.isEmpty() && !groups.isGiven() && !transports.isGiven()) {
      throw new InvalidInputException(
          "nothing to change: give --max-attempts, --timeout, --secret-file, --header, --group,"
              + " --ungroup, or one of --inbox, --url, --exec and --pull");
    }
    // What can be refused without the store is checked before it is opened.
    AgentChange grouped = AgentChange.NONE.joining(groups.joined()).leaving(groups.left());
    AgentRequests requests = context.agentRequests();
    Agent moved =
        transports.isGiven()
            ? transports.agent(
                requests, agentName, context.environment().clock().instant(), "queue agents set")
            : null;
    QueueStore store = context.store();
    Agent current =
        store.agents().find(agentName).orElseThrow(() -> Refusals.unknownAgent(agentName));
    Agent agent = store.agents().change(agentName, change(grouped, requests, current, moved));
    print(agent);
    return 0;
  }

  /**
   * The change: {@code grouped}, the settings given (checked for the transport the agent will have)
   * and, when {@code moved} is not null, its new transport.
   */
  private AgentChange change(
      AgentChange grouped, AgentRequests requests, Agent current, Agent moved) {
    String transport = moved == null ? current.transport() : moved.transport();
    Target checked =
        settings.isEmpty()
            ? Target.EMPTY
            : requests.settings(transport, settings.given()).asTarget();
    return moved == null
        ? grouped.withTarget(checked)
        : grouped.withTransport(
            AgentChange.Transport.of(moved), AgentRequests.changesFor(moved).merged(checked));
  }

  private void print(Agent agent) {
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, AgentJson.of(agent, context.inboxRoot()));
    } else {
      out.println("updated " + AgentText.summary(agent, context.inboxRoot()));
      out.flush();
    }
  }
}
