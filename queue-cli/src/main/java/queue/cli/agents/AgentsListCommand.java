package queue.cli.agents;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.cli.Table;
import queue.core.api.QueueStore;
import queue.core.model.Agent;

/** {@code queue agents list [--json]}. */
public final class AgentsListCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec json =
      Specs.flag(
          "--json",
          "Print {\"agents\": [{\"name\", \"transport\", \"target\", \"argv\", \"paused\","
              + " \"groups\", \"settings\", \"host\", \"registeredAt\"}]}.");

  public AgentsListCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "list",
            new String[] {
              "List the registered agents, their groups, where their messages go, and their"
                  + " settings.",
              "A secret is never shown: only the secret file's path, and header names without"
                  + " values."
            },
            "  queue agents list",
            "  queue agents list --json | jq -r '.agents[].name'");
    Specs.withHelp(spec.addOption(json));
  }

  public CommandSpec spec() {
    return spec;
  }

  record AgentsJson(List<AgentJson> agents) {}

  @Override
  public Integer call() {
    QueueStore store = context.reader();
    List<Agent> agents = store.agents().list();
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(
          out,
          new AgentsJson(agents.stream().map(a -> AgentJson.of(a, context.inboxRoot())).toList()));
      return 0;
    }
    if (agents.isEmpty()) {
      out.println("no agents registered; add one with 'queue agents add NAME'");
      return 0;
    }
    Table table = new Table("NAME", "TRANSPORT", "STATE", "GROUPS", "TARGET", "SETTINGS");
    for (Agent agent : agents) {
      table.row(
          agent.name(),
          agent.transport(),
          agent.paused() ? "paused" : "active",
          agent.groups().isEmpty() ? "-" : String.join(",", agent.groups()),
          AgentText.target(agent, context.inboxRoot()),
          AgentText.settings(Settings.of(agent.target())));
    }
    table.print(out);
    out.flush();
    return 0;
  }
}
