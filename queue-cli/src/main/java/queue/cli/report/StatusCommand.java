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
import queue.core.api.MessageStatus;
import queue.core.api.QueueStore;
import queue.core.api.StatusDocument;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.error.InvalidInputException;

/** {@code queue status [--json] [--agent NAME] [--message ID]}: reads without any lock. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show entries per state for each agent and in total, and whether a processor runs.",
      "pending, processing and failed count entries in that state now (scheduled: the pending"
          + " entries of a --delay or --at send whose time has not come); delivered counts every"
          + " entry ever delivered. Takes no lock: it answers while a writer holds the queue."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue status",
      "  queue status --json | jq .totals.pending",
      "  queue status --agent alice",
      "  queue status --message 0d4f2k7c --json"
    })
public final class StatusCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print {\"totals\", \"agents\", \"processor\"} as JSON.")
  boolean json;

  @Option(
      names = "--agent",
      paramLabel = "NAME",
      description = "Only this agent (the totals are its own).")
  String agent;

  @Option(
      names = "--message",
      paramLabel = "ID",
      description =
          "Also show where each recipient's entry of this message is (an id or 8+ of its first"
              + " characters; found in history too).")
  String messageId;

  public StatusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (agent != null) {
      AgentNames.require(agent);
    }
    QueueStore store = context.reader();
    StatusReport report = store.reports().status();
    if (agent != null) {
      List<AgentStatus> rows =
          report.agents().stream().filter(a -> a.name().equals(agent)).toList();
      if (rows.isEmpty()) {
        throw new InvalidInputException("unknown agent " + agent + "; see 'queue agents list'");
      }
      report = new StatusReport(rows.get(0).counts(), rows);
    }
    MessageStatus message = messageId == null ? null : message(store);
    StatusDocument document = StatusDocument.of(report, store.liveness().running(), message);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, document);
    } else {
      StatusTable.print(out, document);
    }
    return 0;
  }

  private MessageStatus message(QueueStore store) {
    return store
        .reports()
        .message(messageId)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no message with id " + messageId + " in " + store.location()));
  }
}
