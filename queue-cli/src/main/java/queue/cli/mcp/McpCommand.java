package queue.cli.mcp;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.ProcessHooks;
import queue.cli.Specs;
import queue.cli.VersionProvider;
import queue.core.agents.AgentNames;
import queue.core.api.QueueStore;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.mcp.QueueMcpServer;

/**
 * {@code queue mcp [--agent NAME]}: the MCP server for one agent, on stdin and stdout. Only {@link
 * #call} names the server's classes, so no other command loads them or the SDK.
 */
public final class McpCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec agent =
      Specs.text(
          "--agent",
          "NAME",
          "The pull or inbox agent to serve: the sender of what it sends, the recipient of what it"
              + " fetches (default: $QUEUE_AGENT).");
  private final OptionSpec lease =
      Specs.duration(
              "--lease",
              "How long a pull agent's message taken by fetch_messages but not yet written to the"
                  + " host stays away from other receivers: if the server dies, it is due again"
                  + " after this (default: 60s).")
          .initialValue(Duration.ofSeconds(60))
          .build();

  public McpCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "mcp",
            new String[] {
              "Serve the queue to an LLM agent as Model Context Protocol tools, on stdin/stdout.",
              "Tools: send_message, reply, fetch_messages, peek_messages, get_thread,"
                  + " list_agents, queue_status. NAME must be a registered pull or inbox agent. Stdout carries only the protocol; the server"
                  + " ends when stdin closes. Configure it in the agent's MCP settings rather than"
                  + " running it by hand (see README, \"Using it from an LLM agent\")."
            },
            "  queue mcp --agent frontend",
            "  QUEUE_AGENT=frontend queue --store postgresql://db.example/queue mcp",
            "",
            "Exit codes: 0 stdin closed; 2 no NAME, or not a registered pull or inbox agent;"
                + " 4 corrupt state; 6 store unreachable.");
    Specs.withHelp(spec.addOption(agent).addOption(lease));
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    String name = agentName();
    Duration leaseTime = lease.getValue();
    if (leaseTime.isZero()) {
      throw new InvalidInputException("--lease must be longer than 0");
    }
    QueueStore store = context.reader();
    Agent served = requireServable(store, name);
    Inbox inbox =
        served.transport().equals(Inbox.TRANSPORT) ? Inbox.of(served, context.inboxRoot()) : null;
    QueueMcpServer.Setup setup =
        new QueueMcpServer.Setup(
            store,
            name,
            inbox,
            context.environment().clock(),
            "mcp " + name + " pid " + ProcessHandle.current().pid() + "@" + context.host(),
            leaseTime,
            VersionProvider.version());
    ProcessHooks.Interruptible signals = context.environment().process().interruptOnSignal();
    // The protocol goes to the file descriptor itself, where a failed write is an exception: the
    // server must know whether a result carrying messages was written before it acknowledges them.
    try (FileOutputStream stdout = new FileOutputStream(FileDescriptor.out)) {
      QueueMcpServer.serve(setup, context.environment().stdio().in(), stdout);
      return ExitCode.OK.code();
    } catch (InterruptedException e) {
      return ProcessHooks.INTERRUPTED;
    } finally {
      signals.close();
    }
  }

  private String agentName() {
    String given = agent.getValue();
    String name = given == null || given.isBlank() ? context.agent() : given;
    if (name == null) {
      throw new InvalidInputException(
          "no agent to serve: pass --agent NAME or set " + CliContext.AGENT_VARIABLE);
    }
    AgentNames.require(name);
    return name;
  }

  private static Agent requireServable(QueueStore store, String name) {
    Agent agent =
        store
            .agents()
            .find(name)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "unknown agent "
                            + name
                            + ": register it first ('queue agents add "
                            + name
                            + " --pull') and see 'queue agents list'"));
    if (!agent.transport().equals(Agent.PULL) && !agent.transport().equals(Inbox.TRANSPORT)) {
      throw new InvalidInputException(
          "'queue mcp' is for pull and inbox agents, and "
              + name
              + " is an "
              + agent.transport()
              + " agent: the processor delivers to it; serve a pull or inbox agent instead");
    }
    return agent;
  }
}
