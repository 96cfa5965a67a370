package queue.cli.admin;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Plural;
import queue.cli.Specs;
import queue.core.api.Upkeep;
import queue.core.error.InvalidInputException;

/** {@code queue retry (--all | ID...)}. */
public final class RetryCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec all = Specs.flag("--all", "Retry every FAILED entry.");
  private final PositionalParamSpec ids =
      PositionalParamSpec.builder()
          .arity("0..*")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("ID")
          .description("Entry or message ids.")
          .build();
  private final OptionSpec json = Specs.flag("--json", "Print {\"retried\": N}.");

  public RetryCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "retry",
            new String[] {
              "Move FAILED entries back to PENDING, due now, with a fresh attempt budget.",
              "An ID names an entry or a message (all its FAILED entries), by its 8 characters as"
                  + " 'queue list' shows them (or any unique prefix of 8 or more characters). An ID"
                  + " that matches nothing FAILED refuses the whole command (exit 2). An entry that"
                  + " expired gets a fresh --ttl. An entry for an agent removed since stays FAILED."
            },
            "  queue retry --all",
            "  queue retry 0d4f2k7c",
            "  queue list --state failed --json | jq -r '.entries[].id' | xargs queue retry");
    spec.addOption(all).addPositional(ids).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  record RetriedJson(int retried) {}

  @Override
  public Integer call() {
    boolean everything = all.getValue();
    List<String> given = ids.getValue();
    List<String> chosen = given == null ? List.of() : given;
    if (everything == !chosen.isEmpty()) {
      throw new InvalidInputException(
          everything
              ? "give --all or IDs, not both"
              : "nothing to retry: give --all or entry/message IDs");
    }
    Upkeep upkeep = context.store().upkeep();
    int retried = everything ? upkeep.retryAll() : upkeep.retry(chosen);
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(spec.commandLine().getOut(), new RetriedJson(retried));
    } else {
      spec.commandLine()
          .getOut()
          .println("retried " + Plural.of(retried, "entry", "entries") + " (now PENDING)");
    }
    return 0;
  }
}
