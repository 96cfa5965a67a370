package queue.cli.admin;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Plural;
import queue.cli.Specs;
import queue.core.model.EntryState;

/** {@code queue purge [--state STATE] [--older-than DURATION]}. */
public final class PurgeCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec states =
      OptionSpec.builder("--state")
          .type(List.class)
          .auxiliaryTypes(EntryState.class)
          .paramLabel("STATE")
          .description("Only entries in this state (repeatable): ${COMPLETION-CANDIDATES}.")
          .build();
  private final OptionSpec olderThan =
      Specs.duration("--older-than", "Only entries created more than DURATION ago.").build();
  private final OptionSpec json = Specs.flag("--json", "Print {\"purged\": N}.");

  public PurgeCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "purge",
            new String[] {
              "Remove finished entries for good.",
              "They do not go to history/. Without --state it removes DELIVERED and FAILED"
                  + " entries. The per-agent delivered counters keep counting."
            },
            "  queue purge",
            "  queue purge --state failed --older-than 7d",
            "  queue purge --state delivered --older-than 1h");
    spec.addOption(states).addOption(olderThan).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  record PurgedJson(int purged) {}

  @Override
  public Integer call() {
    EnumSet<EntryState> chosen = EnumSet.noneOf(EntryState.class);
    List<EntryState> given = states.getValue();
    if (given != null) {
      chosen.addAll(given);
    }
    int purged = context.store().upkeep().purge(chosen, olderThan.getValue());
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(spec.commandLine().getOut(), new PurgedJson(purged));
    } else {
      spec.commandLine().getOut().println("purged " + Plural.of(purged, "entry", "entries"));
    }
    return 0;
  }
}
