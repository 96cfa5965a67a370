package queue.cli.admin;

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
import queue.cli.Plural;
import queue.core.api.Upkeep;
import queue.core.error.InvalidInputException;

/** {@code queue retry (--all | ID...)}. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Move FAILED entries back to PENDING, due now, with a fresh attempt budget.",
      "An ID names an entry or a message (all its FAILED entries), by its 8 characters as"
          + " 'queue list' shows them (or any unique prefix of 8 or more characters). An ID that"
          + " matches nothing FAILED refuses the whole command (exit 2). An entry that expired"
          + " gets a fresh --ttl."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue retry --all",
      "  queue retry 0d4f2k7c",
      "  queue list --state failed --json | jq -r '.entries[].id' | xargs queue retry"
    })
public final class RetryCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--all", description = "Retry every FAILED entry.")
  boolean all;

  @Parameters(paramLabel = "ID", arity = "0..*", description = "Entry or message ids.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--json", description = "Print {\"retried\": N}.")
  boolean json;

  public RetryCommand(CliContext context) {
    this.context = context;
  }

  record RetriedJson(int retried) {}

  @Override
  public Integer call() {
    if (all == !ids.isEmpty()) {
      throw new InvalidInputException(
          all
              ? "give --all or IDs, not both"
              : "nothing to retry: give --all or entry/message IDs");
    }
    Upkeep upkeep = context.store().upkeep();
    int retried = all ? upkeep.retryAll() : upkeep.retry(ids);
    if (json) {
      Json.print(spec.commandLine().getOut(), new RetriedJson(retried));
    } else {
      spec.commandLine()
          .getOut()
          .println("retried " + Plural.of(retried, "entry", "entries") + " (now PENDING)");
    }
    return 0;
  }
}
