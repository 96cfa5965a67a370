package queue.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a bash/zsh completion script generated from the command model. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a bash (and zsh) completion script for queue.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(bin/queue completion)",
      "  bin/queue completion > ~/.local/share/bash-completion/completions/queue"
    })
public final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("queue", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
