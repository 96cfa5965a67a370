package queue.cli.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.core.agents.AgentNames;
import queue.core.api.EntryView;
import queue.core.error.InvalidInputException;
import queue.core.model.EntryState;

/** {@code queue list [--state STATE] [--agent NAME] [--limit N] [--json]}. */
public final class ListCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec state =
      OptionSpec.builder("--state")
          .type(EntryState.class)
          .paramLabel("STATE")
          .description("Only entries in this state: ${COMPLETION-CANDIDATES} (any case).")
          .build();
  private final OptionSpec agent =
      Specs.text("--agent", "NAME", "Only entries for this recipient.");
  private final OptionSpec limit =
      Specs.number("--limit", "N", "At most N entries (default: all).");
  private final OptionSpec json =
      Specs.flag("--json", "Print {\"count\", \"entries\": [...]} with every field of each entry.");

  public ListCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "list",
            new String[] {
              "List entries in the order they were queued.",
              "The table shows each entry's id and message id, its state, recipient and attempts,"
                  + " when it was queued (UTC), when it is next due (\"now\", or \"in 5m\" for a"
                  + " retry or a scheduled send), and its last error or else the start of its body."
            },
            "  queue list",
            "  queue list --state failed --agent alice",
            "  queue list --state pending --limit 10 --json");
    spec.addOption(state).addOption(agent).addOption(limit).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  record EntriesJson(int count, List<EntryJson> entries) {}

  @Override
  public Integer call() {
    int max = limit.getValue();
    String recipient = agent.getValue();
    if (max < 0) {
      throw new InvalidInputException("invalid --limit " + max + ": use 0 (all) or more");
    }
    if (recipient != null) {
      AgentNames.require(recipient);
    }
    List<EntryView> entries = context.reader().reports().list(state.getValue(), recipient, max);
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
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
