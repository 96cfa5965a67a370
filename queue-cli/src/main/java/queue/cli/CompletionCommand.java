package queue.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a bash/zsh completion script generated from the command model. */
public final class CompletionCommand implements Callable<Integer> {
  private final CommandSpec spec;

  public CompletionCommand() {
    spec =
        Specs.withHelp(
            Specs.command(
                this,
                "completion",
                new String[] {"Print a bash (and zsh) completion script for queue."},
                "  source <(queue completion)",
                "  queue completion > ~/.local/share/bash-completion/completions/queue"));
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("queue", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
