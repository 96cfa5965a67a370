package queue.cli.agents;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.core.api.QueueStore;
import queue.core.model.Agent;

/**
 * {@code queue agents add NAME [SETTINGS] [--group G]... [--inbox DIR | --url URL | --pull | --exec
 * CMD [ARG...]]}.
 */
public final class AgentsAddCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name =
      Specs.parameter("0", "NAME", "The agent's name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}.");
  private final TransportOptions transports = new TransportOptions();
  private final GroupOptions groups = new GroupOptions(false);
  private final SettingsOptions settings = new SettingsOptions();
  private final OptionSpec json = Specs.flag("--json", "Print the registered agent as JSON.");

  public AgentsAddCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "add",
            new String[] {
              "Register an agent and how it receives its messages.",
              "By default it gets an inbox in the data directory, inbox/NAME, where each delivered"
                  + " message is one file in new/, read with 'queue inbox NAME'. --exec takes the"
                  + " command and every argument after it: give the settings before it, and put"
                  + " '--' first when an argument starts with '-'."
            },
            "  queue agents add alice",
            "  queue agents add bob --inbox /srv/bob/inbox --group reviewers --group ops",
            "  queue agents add hook --url https://example.org/hook --secret-file hook.key",
            "  queue agents add worker --pull",
            "  queue agents add logger --timeout 10s --exec /usr/local/bin/log-message --tag q",
            "  queue agents add py --exec -- python3 -u handle.py");
    transports.addTo(spec.addPositional(name));
    groups.addTo(settings.addTo(spec)).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    Agent checked = agentToRegister();
    QueueStore store = context.creatingStore();
    Agent agent = store.agents().add(checked);
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, AgentJson.of(agent, context.inboxRoot()));
      return 0;
    }
    out.println("registered " + AgentText.summary(agent, context.inboxRoot()));
    out.flush();
    return 0;
  }

  // Everything that can be refused is checked before the store is opened, so bad input never
  // creates a data directory.
  private Agent agentToRegister() {
    AgentRequests requests = context.agentRequests();
    Instant now = context.environment().clock().instant();
    Agent agent =
        transports
            .agent(requests, name.getValue(), now, "queue agents add")
            .withGroups(groups.joined());
    if (settings.isEmpty()) {
      return agent;
    }
    Settings checked = requests.settings(agent.transport(), settings.given());
    return agent.withTarget(agent.target().merged(checked.asTarget()));
  }
}
