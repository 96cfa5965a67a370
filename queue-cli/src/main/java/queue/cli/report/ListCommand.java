package queue.cli.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.core.agents.AgentNames;
import queue.core.api.EntryView;
import queue.core.error.InvalidInputException;
import queue.core.model.EntryState;

/** {@code queue list [--state STATE] [--agent NAME] [--limit N] [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List entries in the order they were queued.",
      "The table shows each entry's id and message id, its state, recipient and attempts, when it"
          + " was queued (UTC), when it is next due (\"now\", or \"in 5m\" for a retry or a"
          + " scheduled send), and its last error or else the start of its body."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue list",
      "  queue list --state failed --agent alice",
      "  queue list --state pending --limit 10 --json"
    })
public final class ListCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only entries in this state: ${COMPLETION-CANDIDATES} (any case).")
  EntryState state;

  @Option(names = "--agent", paramLabel = "NAME", description = "Only entries for this recipient.")
  String agent;

  @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default: all).")
  int limit;

  @Option(
      names = "--json",
      description = "Print {\"count\", \"entries\": [...]} with every field of each entry.")
  boolean json;

  public ListCommand(CliContext context) {
    this.context = context;
  }

  record EntriesJson(int count, List<EntryJson> entries) {}

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new InvalidInputException("invalid --limit " + limit + ": use 0 (all) or more");
    }
    if (agent != null) {
      AgentNames.require(agent);
    }
    List<EntryView> entries = context.reader().reports().list(state, agent, limit);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(
          out, new EntriesJson(entries.size(), entries.stream().map(EntryJson::of).toList()));
      return 0;
    }
    if (entries.isEmpty()) {
      out.println("no entries");
    } else {
      EntryTable.print(out, entries, context.environment().clock().instant());
    }
    out.flush();
    return 0;
  }
}
