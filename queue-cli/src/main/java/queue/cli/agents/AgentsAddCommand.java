package queue.cli.agents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.core.api.AgentRequests;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Transport;

/** {@code queue agents add NAME [--inbox DIR | --url URL | --exec CMD [ARG...]]}. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Register an agent. By default it gets an inbox in the data directory:",
      "inbox/NAME/new/<entry id>.json, one file per delivered message."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue agents add alice",
      "  queue agents add bob --inbox /srv/bob/inbox",
      "  queue agents add hook --url https://example.org/hook",
      "  queue agents add logger --exec /usr/local/bin/log-message --tag queue",
      "  queue agents add py --exec -- python3 -u handle.py   ('--' before arguments starting"
          + " with '-')"
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
      description = "Deliver into DIR/tmp, DIR/new instead of inbox/NAME.")
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
          "Run CMD [ARG...] (never through a shell) with the message as JSON on stdin; takes every argument after it.")
  List<String> exec;

  @Parameters(index = "1..*", paramLabel = "ARG", hidden = true)
  List<String> trailing = new ArrayList<>();

  @Option(names = "--json", description = "Print the registered agent as JSON.")
  boolean json;

  public AgentsAddCommand(CliContext context) {
    this.context = context;
  }

  /** The agent as printed by {@code agents add --json} and {@code agents list --json}. */
  public record AgentJson(String name, String transport, String target, String registeredAt) {
    public static AgentJson of(Agent agent) {
      return new AgentJson(
          agent.name(), agent.transport().label(), agent.target(), agent.registeredAt().toString());
    }
  }

  @Override
  public Integer call() {
    Agent agent = context.store().agents().add(agentToRegister());
    if (json) {
      Json.print(spec.commandLine().getOut(), AgentJson.of(agent));
    } else {
      spec.commandLine()
          .getOut()
          .printf(
              "registered %s (%s: %s)%n", agent.name(), agent.transport().label(), target(agent));
    }
    return 0;
  }

  private Agent agentToRegister() {
    int transports = (inbox != null ? 1 : 0) + (url != null ? 1 : 0) + (exec != null ? 1 : 0);
    if (transports > 1) {
      throw new InvalidInputException("choose one of --inbox, --url and --exec for agent " + name);
    }
    AgentRequests requests = context.agentRequests();
    Instant now = context.environment().clock().instant();
    if (exec != null) {
      List<String> argv = new ArrayList<>(exec);
      argv.addAll(trailing);
      return requests.exec(name, argv, now);
    }
    if (!trailing.isEmpty()) {
      throw new InvalidInputException(
          "unexpected argument '" + trailing.get(0) + "': 'queue agents add' takes one NAME");
    }
    return url != null ? requests.http(name, url, now) : requests.inbox(name, inbox, now);
  }

  private String target(Agent agent) {
    return agent.transport() == Transport.INBOX
        ? context.store().inboxOf(agent).toString()
        : agent.target();
  }
}
