package queue.cli.agents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.Specs;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;

/**
 * Where an agent receives, as {@code agents add} and {@code agents set} take it: {@code --inbox DIR
 * | --url URL | --exec CMD [ARG...] | --pull}. {@code --exec} takes the command and every argument
 * after it, so a command that has it ends with it.
 */
final class TransportOptions {
  private final OptionSpec inbox =
      Specs.text("--inbox", "DIR", "Deliver into DIR/tmp and DIR/new instead of inbox/NAME.");
  private final OptionSpec url =
      Specs.text("--url", "URL", "POST each message as JSON to this http(s) URL.");
  private final OptionSpec exec =
      OptionSpec.builder("--exec")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .arity("0..*")
          .paramLabel("CMD")
          .description(
              "Run CMD [ARG...] (never through a shell) with the message as JSON on stdin; takes"
                  + " every argument after it.")
          .build();
  private final OptionSpec pull =
      Specs.flag(
          "--pull", "Nothing is pushed: the agent takes its messages with 'queue receive NAME'.");
  // What follows --exec's command, when picocli took it for positional parameters.
  private final PositionalParamSpec trailing =
      PositionalParamSpec.builder()
          .index("1..*")
          .arity("0..1")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("ARG")
          .hidden(true)
          .build();

  /** Adds these options, and the arguments after {@code --exec}, to {@code spec}. */
  CommandSpec addTo(CommandSpec spec) {
    return spec.addOption(inbox)
        .addOption(url)
        .addOption(exec)
        .addOption(pull)
        .addPositional(trailing);
  }

  /** True when one of the options was given. */
  boolean isGiven() {
    return count() > 0;
  }

  /**
   * The agent {@code name} of the transport given (an inbox agent of the default inbox when none
   * was), checked as a registration is; exit 2 for more than one transport or a bad value.
   *
   * @param command the command, for messages ("queue agents add")
   */
  Agent agent(AgentRequests requests, String name, Instant now, String command) {
    if (count() > 1) {
      throw new InvalidInputException(
          "choose one of --inbox, --url, --exec and --pull for agent " + name);
    }
    List<String> argv = argv(command);
    if (argv != null) {
      return requests.exec(name, argv, now);
    }
    if (pull.<Boolean>getValue()) {
      return requests.pull(name, now);
    }
    String address = url.getValue();
    return address != null
        ? requests.http(name, address, now)
        : requests.inbox(name, inbox.getValue(), now);
  }

  private int count() {
    return (inbox.getValue() != null ? 1 : 0)
        + (url.getValue() != null ? 1 : 0)
        + (exec.getValue() != null ? 1 : 0)
        + (pull.<Boolean>getValue() ? 1 : 0);
  }

  // --exec's command and every argument after it; null without --exec.
  private List<String> argv(String command) {
    List<String> given = exec.getValue();
    List<String> rest = trailing.getValue() == null ? List.of() : trailing.getValue();
    if (given == null && !rest.isEmpty()) {
      throw new InvalidInputException(
          "unexpected argument '" + rest.get(0) + "': '" + command + "' takes one NAME");
    }
    if (given == null) {
      return null;
    }
    List<String> argv = new ArrayList<>(given);
    argv.addAll(rest);
    return argv;
  }
}
