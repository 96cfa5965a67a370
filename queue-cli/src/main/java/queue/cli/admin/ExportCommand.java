package queue.cli.admin;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.api.ExportDocument;
import queue.core.api.QueueStore;
import queue.core.documents.ExportDocuments;
import queue.core.error.Refusals;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.core.rules.Imports;

/** {@code queue export [--json]}: the store's whole state as one JSON document on stdout. */
public final class ExportCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;

  public ExportCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "export",
            new String[] {
              "Write the store's whole state as one JSON document to stdout.",
              "Agents, messages, entries, counters and idempotency keys, as of one moment. Load it"
                  + " into an empty store with 'queue --store OTHER import FILE'. Stop the"
                  + " processors first, so that nothing changes after the export."
            },
            "  queue export > queue-export.json",
            "  queue --dir old export | queue --store postgresql://db/queue import -");
    spec.addOption(Specs.flag("--json", "The document is JSON in any case; accepted for scripts."));
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    QueueStore store = context.reader();
    ExportDocument exported = withInboxDirectories(store.transfer().exportAll());
    // What an export writes, an import takes (a store whose agent was removed behind its back
    // keeps that agent's entries, which an import refuses): else it says what to repair.
    String problem = Imports.problemIn(exported, context.environment().clock().instant());
    if (problem != null) {
      throw Refusals.unexportable(store.location(), problem);
    }
    byte[] document = ExportDocuments.write(exported);
    PrintWriter out = spec.commandLine().getOut();
    out.println(new String(document, StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }

  // A default inbox is found under the data directory of the store it was registered in: the
  // export names it, so that the agent keeps its inbox in the store it moves to.
  private ExportDocument withInboxDirectories(ExportDocument document) {
    Path root = context.inboxRoot();
    List<Agent> agents = new ArrayList<>(document.agents().size());
    for (Agent agent : document.agents()) {
      boolean named =
          !agent.transport().equals(Inbox.TRANSPORT) || agent.target().has(Inbox.DIRECTORY);
      agents.add(
          named
              ? agent
              : agent.withTarget(
                  agent
                      .target()
                      .merged(Inbox.target(Inbox.of(agent, root).directory().toString()))));
    }
    return document.withAgents(agents);
  }
}
