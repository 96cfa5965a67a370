package queue.cli.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Table;
import queue.core.agents.AgentNames;
import queue.core.api.EntryView;
import queue.core.error.InvalidInputException;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/** {@code queue list [--state STATE] [--agent NAME] [--limit N] [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List entries in the order they were queued, with their message body.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue list",
      "  queue list --state failed --agent alice",
      "  queue list --state pending --limit 10 --json"
    })
public final class ListCommand implements Callable<Integer> {
  private static final int BODY_WIDTH = 40;

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
      description = "Print {\"entries\": [...]} with every field of each entry.")
  boolean json;

  public ListCommand(CliContext context) {
    this.context = context;
  }

  record EntriesJson(int count, List<EntryJson> entries) {}

  /** One entry with every field of the contract. */
  record EntryJson(
      String id,
      String messageId,
      String recipient,
      String sender,
      String body,
      Instant createdAt,
      String state,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant deliveredAt,
      Instant expiresAt,
      String leaseOwner,
      Instant leaseExpiresAt) {
    static EntryJson of(EntryView view) {
      Entry e = view.entry();
      return new EntryJson(
          e.id(),
          e.messageId(),
          e.recipient(),
          e.sender(),
          view.body(),
          e.createdAt(),
          e.state().name(),
          e.attempts(),
          e.nextAttemptAt(),
          e.lastError(),
          e.deliveredAt(),
          e.expiresAt(),
          e.leaseOwner(),
          e.leaseExpiresAt());
    }
  }

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
      return 0;
    }
    Table table = new Table("ENTRY", "STATE", "RECIPIENT", "ATTEMPTS#", "CREATED", "BODY");
    for (EntryView view : entries) {
      Entry e = view.entry();
      table.row(
          e.id(), e.state(), e.recipient(), e.attempts(), e.createdAt(), preview(view.body()));
    }
    table.print(out);
    out.flush();
    return 0;
  }

  private static String preview(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
    return oneLine.length() <= BODY_WIDTH ? oneLine : oneLine.substring(0, BODY_WIDTH - 3) + "...";
  }
}
