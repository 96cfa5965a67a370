package queue.cli.agents;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.core.agents.AgentNames;
import queue.core.model.Agent;
import queue.core.model.AgentChange;

/**
 * {@code queue agents pause NAME} and {@code queue agents resume NAME}: one class, two commands.
 */
public final class AgentsPauseResumeCommand implements Callable<Integer> {
  private final CliContext context;
  private final boolean pauses;
  private CommandSpec spec;
  private final PositionalParamSpec name;
  private final OptionSpec json = Specs.flag("--json", "Print the agent as JSON.");

  private AgentsPauseResumeCommand(CliContext context, boolean pauses) {
    this.context = context;
    this.pauses = pauses;
    this.name = Specs.parameter("0", "NAME", "The agent to " + verb() + ".");
  }

  /** {@code queue agents pause NAME}. */
  public static CommandSpec pause(CliContext context) {
    AgentsPauseResumeCommand command = new AgentsPauseResumeCommand(context, true);
    return command.withSpec(
        new String[] {
          "Stop delivery to an agent until it is resumed.",
          "Nothing new is claimed for it; a delivery in flight finishes. Sends still queue for"
              + " it, and 'queue status' shows it paused."
        },
        "  queue agents pause hook",
        "  queue agents resume hook");
  }

  /** {@code queue agents resume NAME}. */
  public static CommandSpec resume(CliContext context) {
    AgentsPauseResumeCommand command = new AgentsPauseResumeCommand(context, false);
    return command.withSpec(
        new String[] {
          "Restart delivery to a paused agent.",
          "What was queued for it while it was paused is delivered in the order it was queued."
        },
        "  queue agents resume hook");
  }

  private CommandSpec withSpec(String[] description, String... examples) {
    spec = Specs.command(this, verb(), description, examples);
    spec.addPositional(name).addOption(json);
    Specs.withHelp(spec);
    return spec;
  }

  private String verb() {
    return pauses ? "pause" : "resume";
  }

  @Override
  public Integer call() {
    String agentName = name.getValue();
    AgentNames.require(agentName);
    AgentChange change = pauses ? AgentChange.pause() : AgentChange.resume();
    Agent agent = context.store().agents().change(agentName, change);
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, AgentJson.of(agent, context.inboxRoot()));
    } else {
      out.println(
          pauses
              ? paused(agentName)
              : "resumed " + agentName + ": its queued messages are delivered in order");
      out.flush();
    }
    return 0;
  }

  private static String paused(String name) {
    return "paused "
        + name
        + ": nothing new is delivered to it until 'queue agents resume "
        + name
        + "'; sends still queue for it";
  }
}
