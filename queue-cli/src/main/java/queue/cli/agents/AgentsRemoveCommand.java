package queue.cli.agents;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.core.agents.AgentNames;

/** {@code queue agents remove NAME [--force]}. */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description = {
      "Remove an agent.",
      "Refused (exit 2) while it has PENDING or PROCESSING entries, unless --force, which marks"
          + " them FAILED (\"agent removed\")."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  queue agents remove alice", "  queue agents remove alice --force"})
public final class AgentsRemoveCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The agent to remove.")
  String name;

  @Option(
      names = "--force",
      description = "Remove it even with unfinished entries; they become FAILED.")
  boolean force;

  @Option(names = "--json", description = "Print {\"name\", \"removed\", \"failedEntries\"}.")
  boolean json;

  public AgentsRemoveCommand(CliContext context) {
    this.context = context;
  }

  record RemovedJson(String name, boolean removed, int failedEntries) {}

  @Override
  public Integer call() {
    AgentNames.require(name);
    int failed = context.store().agents().remove(name, force);
    if (json) {
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
