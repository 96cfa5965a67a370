package queue.cli.agents;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.core.api.QueueStore;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;

/**
 * {@code queue agents add NAME [--inbox DIR | --url URL | --exec CMD [ARG...] | --pull]
 * [SETTINGS]}.
 */
public final class AgentsAddCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name =
      Specs.parameter("0", "NAME", "The agent's name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}.");
  private final OptionSpec inbox =
      Specs.text("--inbox", "DIR", "Deliver into DIR/tmp and DIR/new instead of inbox/NAME.");
  private final OptionSpec url =
      Specs.text("--url", "URL", "POST each message as JSON to this http(s) URL.");
  private final OptionSpec exec =
      OptionSpec.builder("--exec")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .arity("0..*")
          .paramLabel("CMD")
          .description(
              "Run CMD [ARG...] (never through a shell) with the message as JSON on stdin; takes"
                  + " every argument after it.")
          .build();
  private final OptionSpec pull =
      Specs.flag(
          "--pull", "Nothing is pushed: the agent takes its messages with 'queue receive NAME'.");
  private final PositionalParamSpec trailing =
      PositionalParamSpec.builder()
          .index("1..*")
          .arity("0..1")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("ARG")
          .hidden(true)
          .build();
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
            "  queue agents add bob --inbox /srv/bob/inbox",
            "  queue agents add hook --url https://example.org/hook --secret-file hook.key",
            "  queue agents add worker --pull",
            "  queue agents add logger --timeout 10s --exec /usr/local/bin/log-message --tag q",
            "  queue agents add py --exec -- python3 -u handle.py");
    spec.addPositional(name)
        .addOption(inbox)
        .addOption(url)
        .addOption(exec)
        .addOption(pull)
        .addPositional(trailing);
    settings.addTo(spec).addOption(json);
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
    String given = AgentText.settings(Settings.of(agent.target()));
    out.printf(
        "registered %s (%s: %s)%s%n",
        agent.name(),
        agent.transport(),
        AgentText.target(agent, context.inboxRoot()),
        given.isEmpty() ? "" : "; " + given);
    out.flush();
    return 0;
  }

  // Everything that can be refused is checked before the store is opened, so bad input never
  // creates a data directory.
  private Agent agentToRegister() {
    String agentName = name.getValue();
    boolean pulls = pull.getValue();
    int transports =
        (inbox.getValue() != null ? 1 : 0)
            + (url.getValue() != null ? 1 : 0)
            + (exec.getValue() != null ? 1 : 0)
            + (pulls ? 1 : 0);
    if (transports > 1) {
      throw new InvalidInputException(
          "choose one of --inbox, --url, --exec and --pull for agent " + agentName);
    }
    List<String> argv = argv();
    AgentRequests requests = context.agentRequests();
    Agent agent = transport(requests, agentName, argv, context.environment().clock().instant());
    if (settings.isEmpty()) {
      return agent;
    }
    Settings checked = requests.settings(agent.transport(), settings.given());
    return agent.withTarget(agent.target().merged(checked.asTarget()));
  }

  // --exec's command and every argument after it; null without --exec.
  private List<String> argv() {
    List<String> command = exec.getValue();
    List<String> rest = trailing.getValue() == null ? List.of() : trailing.getValue();
    if (command == null && !rest.isEmpty()) {
      throw new InvalidInputException(
          "unexpected argument '" + rest.get(0) + "': 'queue agents add' takes one NAME");
    }
    if (command == null) {
      return null;
    }
    List<String> argv = new ArrayList<>(command);
    argv.addAll(rest);
    return argv;
  }

  private Agent transport(
      AgentRequests requests, String agentName, List<String> argv, Instant now) {
    if (argv != null) {
      return requests.exec(agentName, argv, now);
    }
    boolean pulls = pull.getValue();
    if (pulls) {
      return requests.pull(agentName, now);
    }
    String target = url.getValue();
    return target != null
        ? requests.http(agentName, target, now)
        : requests.inbox(agentName, inbox.getValue(), now);
  }
}
