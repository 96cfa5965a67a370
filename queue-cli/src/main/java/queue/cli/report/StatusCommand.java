package queue.cli.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.agents.AgentNames;
import queue.core.api.MessageStatus;
import queue.core.api.QueueStore;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.documents.StatusDocument;
import queue.core.error.InvalidInputException;

/** {@code queue status [--json] [--agent NAME] [--message ID]}: reads without any lock. */
public final class StatusCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec json =
      Specs.flag("--json", "Print {\"totals\", \"agents\", \"processor\"} as JSON.");
  private final OptionSpec agent =
      Specs.text("--agent", "NAME", "Only this agent (the totals are its own).");
  private final OptionSpec messageId =
      Specs.text(
          "--message",
          "ID",
          "Also show where each recipient's entry of this message is (an id or 8+ of its first"
              + " characters; found in history too).");

  public StatusCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "status",
            new String[] {
              "Show entries per state for each agent and in total, and whether a processor runs.",
              "pending, processing and failed count entries in that state now (scheduled: the"
                  + " pending entries of a --delay or --at send whose time has not come);"
                  + " delivered counts every entry ever delivered. Takes no lock: it answers while"
                  + " a writer holds the queue."
            },
            "  queue status",
            "  queue status --json | jq .totals.pending",
            "  queue status --agent alice",
            "  queue status --message 0d4f2k7c --json");
    Specs.withHelp(spec.addOption(json).addOption(agent).addOption(messageId));
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String agentName = agent.getValue();
    if (agentName != null) {
      AgentNames.require(agentName);
    }
    QueueStore store = context.reader();
    StatusReport report = store.reports().status();
    if (agentName != null) {
      report = onlyAgent(report, agentName);
    }
    String id = messageId.getValue();
    MessageStatus message = id == null ? null : message(store, id);
    StatusDocument document = StatusDocument.of(report, store.liveness().running(), message);
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      out.println(StatusJson.of(document));
      out.flush();
    } else {
      StatusTable.print(out, document);
    }
    return 0;
  }

  private static StatusReport onlyAgent(StatusReport report, String name) {
    for (AgentStatus row : report.agents()) {
      if (row.name().equals(name)) {
        return new StatusReport(row.counts(), List.of(row));
      }
    }
    throw new InvalidInputException("unknown agent " + name + "; see 'queue agents list'");
  }

  private static MessageStatus message(QueueStore store, String id) {
    return store
        .reports()
        .message(id)
        .orElseThrow(
            () ->
                new InvalidInputException("no message with id " + id + " in " + store.location()));
  }
}
