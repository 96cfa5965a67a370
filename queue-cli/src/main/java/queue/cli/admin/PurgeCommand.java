package queue.cli.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.DurationConverter;
import queue.cli.Json;
import queue.cli.Plural;
import queue.core.model.EntryState;

/** {@code queue purge [--state STATE] [--older-than DURATION]}. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = {
      "Remove finished entries for good.",
      "They do not go to history/. Without --state it removes DELIVERED and FAILED entries."
          + " The per-agent delivered counters keep counting."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue purge",
      "  queue purge --state failed --older-than 7d",
      "  queue purge --state delivered --older-than 1h"
    })
public final class PurgeCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only entries in this state (repeatable): ${COMPLETION-CANDIDATES}.")
  List<EntryState> states = new ArrayList<>();

  @Option(
      names = "--older-than",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Only entries created more than DURATION ago.")
  Duration olderThan;

  @Option(names = "--json", description = "Print {\"purged\": N}.")
  boolean json;

  public PurgeCommand(CliContext context) {
    this.context = context;
  }

  record PurgedJson(int purged) {}

  @Override
  public Integer call() {
    EnumSet<EntryState> chosen = EnumSet.noneOf(EntryState.class);
    chosen.addAll(states);
    int purged = context.store().upkeep().purge(chosen, olderThan);
    if (json) {
      Json.print(spec.commandLine().getOut(), new PurgedJson(purged));
    } else {
      spec.commandLine().getOut().println("purged " + Plural.of(purged, "entry", "entries"));
    }
    return 0;
  }
}
