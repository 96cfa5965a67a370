package queue.cli.agents;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.core.agents.AgentNames;

/** {@code queue agents remove NAME [--force]}. */
public final class AgentsRemoveCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name = Specs.parameter("0", "NAME", "The agent to remove.");
  private final OptionSpec force =
      Specs.flag("--force", "Remove it even with unfinished entries; they become FAILED.");
  private final OptionSpec json =
      Specs.flag("--json", "Print {\"name\", \"removed\", \"failedEntries\"}.");

  public AgentsRemoveCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "remove",
            new String[] {
              "Remove an agent.",
              "Refused (exit 2) while it has PENDING or PROCESSING entries, unless --force, which"
                  + " marks them FAILED (\"agent removed\")."
            },
            "  queue agents remove alice",
            "  queue agents remove alice --force");
    spec.addPositional(name).addOption(force).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  record RemovedJson(String name, boolean removed, int failedEntries) {}

  @Override
  public Integer call() {
    String name = this.name.getValue();
    AgentNames.require(name);
    int failed = context.store().agents().remove(name, force.getValue());
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(spec.commandLine().getOut(), new RemovedJson(name, true, failed));
    } else {
      spec.commandLine()
          .getOut()
          .println(
              "removed "
                  + name
                  + (failed == 0
                      ? ""
                      : failed == 1
                          ? " (1 unfinished entry marked FAILED)"
                          : " (" + failed + " unfinished entries marked FAILED)"));
    }
    return 0;
  }
}
