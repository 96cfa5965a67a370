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
import queue.core.QueueDirectory;
import queue.core.agents.AgentNames;
import queue.core.error.InvalidInputException;
import queue.core.status.MessageStatus;
import queue.core.status.Queries;
import queue.core.status.StatusReport;
import queue.core.status.StatusReport.AgentCounts;

/** {@code queue status [--json] [--agent NAME] [--message ID]}: reads without any lock. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show entries per state for each agent and in total, and whether a processor runs.",
      "pending/processing/failed count entries in that state now; delivered counts every",
      "entry ever delivered. Takes no lock: it answers while a writer holds the queue."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  queue status",
      "  queue status --json | jq .totals.pending",
      "  queue status --agent alice",
      "  queue status --message 0b6c3f1e-... --json"
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
      description = "Also show where each recipient's entry of this message is.")
  String messageId;

  public StatusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    QueueDirectory queue = context.queue();
    Queries queries = queue.queries();
    StatusReport report = queries.status();
    List<AgentCounts> rows = report.agents();
    StatusJson.Totals totals = totalsOf(report.totals());
    if (agent != null) {
      AgentNames.require(agent);
      rows = rows.stream().filter(a -> a.name().equals(agent)).toList();
      if (rows.isEmpty()) {
        throw new InvalidInputException("unknown agent " + agent + "; see 'queue agents list'");
      }
      AgentCounts only = rows.get(0);
      totals =
          new StatusJson.Totals(only.pending(), only.processing(), only.delivered(), only.failed());
    }
    MessageStatus message = messageId == null ? null : message(queries, queue);
    StatusJson document =
        new StatusJson(
            totals,
            rows.stream().map(StatusJson.AgentRow::of).toList(),
            new StatusJson.Processor(report.processor().running(), report.processor().pids()),
            message == null ? null : StatusJson.MessageJson.of(message));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, document);
    } else {
      StatusTable.print(out, document);
    }
    return 0;
  }

  private MessageStatus message(Queries queries, QueueDirectory queue) {
    return queries
        .message(messageId)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no message with id "
                        + messageId
                        + " in "
                        + queue.path().resolve("queue.json")
                        + "; delivered messages move to history/ after the retention time"));
  }

  private static StatusJson.Totals totalsOf(StatusReport.Counts counts) {
    return new StatusJson.Totals(
        counts.pending(), counts.processing(), counts.delivered(), counts.failed());
  }
}
