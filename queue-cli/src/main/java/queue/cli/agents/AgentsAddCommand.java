package queue.cli.agents;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.core.api.AgentRequests;
import queue.core.api.QueueStore;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;

/**
 * {@code queue agents add NAME [--inbox DIR | --url URL | --exec CMD [ARG...] | --pull]
 * [SETTINGS]}.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Register an agent and how it receives its messages.",
      "By default it gets an inbox in the data directory, inbox/NAME, where each delivered"
          + " message is one file in new/, read with 'queue inbox NAME'. --exec takes the command"
          + " and every argument after it: give the settings before it, and put '--' first when"
          + " an argument starts with '-'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents add alice",
      "  queue agents add bob --inbox /srv/bob/inbox",
      "  queue agents add hook --url https://example.org/hook --secret-file hook.key",
      "  queue agents add worker --pull",
      "  queue agents add logger --timeout 10s --exec /usr/local/bin/log-message --tag q",
      "  queue agents add py --exec -- python3 -u handle.py"
    })
public final class AgentsAddCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The agent's name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}.")
  String name;

  @Option(
      names = "--inbox",
      paramLabel = "DIR",
      description = "Deliver into DIR/tmp and DIR/new instead of inbox/NAME.")
  String inbox;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "POST each message as JSON to this http(s) URL.")
  String url;

  @Option(
      names = "--exec",
      arity = "0..*",
      paramLabel = "CMD",
      description =
          "Run CMD [ARG...] (never through a shell) with the message as JSON on stdin; takes"
              + " every argument after it.")
  List<String> exec;

  @Option(
      names = "--pull",
      description = "Nothing is pushed: the agent takes its messages with 'queue receive NAME'.")
  boolean pull;

  @Parameters(index = "1..*", paramLabel = "ARG", hidden = true)
  List<String> trailing = new ArrayList<>();

  @Mixin SettingsOptions settings;

  @Option(names = "--json", description = "Print the registered agent as JSON.")
  boolean json;

  public AgentsAddCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Agent checked = agentToRegister();
    QueueStore store = context.store();
    Agent agent = store.agents().add(checked);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, AgentJson.of(agent, store));
      return 0;
    }
    String given = AgentText.settings(agent.settings());
    out.printf(
        "registered %s (%s: %s)%s%n",
        agent.name(),
        agent.transport().label(),
        AgentJson.target(agent, store),
        given.isEmpty() ? "" : "; " + given);
    out.flush();
    return 0;
  }

  // Everything that can be refused is checked before the store is opened, so bad input never
  // creates a data directory.
  private Agent agentToRegister() {
    int transports =
        (inbox != null ? 1 : 0) + (url != null ? 1 : 0) + (exec != null ? 1 : 0) + (pull ? 1 : 0);
    if (transports > 1) {
      throw new InvalidInputException(
          "choose one of --inbox, --url, --exec and --pull for agent " + name);
    }
    if (exec == null && !trailing.isEmpty()) {
      throw new InvalidInputException(
          "unexpected argument '" + trailing.get(0) + "': 'queue agents add' takes one NAME");
    }
    AgentRequests requests = context.agentRequests();
    Agent agent = transport(requests, context.environment().clock().instant());
    return settings.isEmpty()
        ? agent
        : agent.withSettings(requests.settings(agent.transport(), settings.given()));
  }

  private Agent transport(AgentRequests requests, Instant now) {
    if (exec != null) {
      List<String> argv = new ArrayList<>(exec);
      argv.addAll(trailing);
      return requests.exec(name, argv, now);
    }
    if (pull) {
      return requests.pull(name, now);
    }
    return url != null ? requests.http(name, url, now) : requests.inbox(name, inbox, now);
  }
}
