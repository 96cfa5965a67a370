package queue.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/** The {@code queue} command line. */
public final class QueueMain {
  private QueueMain() {}

  public static void main(String[] args) {
    // Straight to the file descriptors, not through System.out: a PrintStream swallows a failed
    // write, and `receive` must know whether stdout took a message before it settles it.
    PrintWriter out = writer(FileDescriptor.out);
    PrintWriter err = writer(FileDescriptor.err);
    int exitCode = commandLine(CliEnvironment.system(), out, err, args).execute(args);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  private static PrintWriter writer(FileDescriptor descriptor) {
    return new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(descriptor), StandardCharsets.UTF_8), true);
  }

  /** The whole command tree for one run, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(
      CliEnvironment environment, PrintWriter out, PrintWriter err) {
    return commandLine(environment, out, err, new String[0]);
  }

  /** The command tree that running {@code args} needs (see {@code QueueCommand.neededBy}). */
  public static CommandLine commandLine(
      CliEnvironment environment, PrintWriter out, PrintWriter err, String[] args) {
    CliContext context = new CliContext(environment);
    ErrorHandler errors = new ErrorHandler();
    QueueCommand root = new QueueCommand(context);
    CommandLine commandLine = new CommandLine(root.spec());
    // Plain loops and classes, no lambdas, on the start-up path: the first lambda of a JVM
    // bootstraps invokedynamic (class spinning), measurable in a cold start.
    for (String name : root.neededBy(args)) {
      commandLine.addSubcommand(name, new CommandLine(QueueCommand.subcommand(name, context)));
    }
    // No @FILE argument files: `--to @reviewers` names a group, whatever the current directory
    // holds (picocli would read a file "reviewers" as more arguments).
    commandLine
        .setExpandAtFiles(false)
        .setOut(out)
        .setErr(err)
        .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setExecutionStrategy(new SetUpLoggingThenRun(environment, context));
    return commandLine;
  }

  /**
   * Sets up logging once --verbose is known, before any command code creates a logger; closes the
   * store after the command.
   */
  private static final class SetUpLoggingThenRun implements IExecutionStrategy {
    private final CliEnvironment environment;
    private final CliContext context;

    SetUpLoggingThenRun(CliEnvironment environment, CliContext context) {
      this.environment = environment;
      this.context = context;
    }

    @Override
    public int execute(ParseResult parseResult) {
      environment.process().setUpLogging(context.global().verbose());
      try {
        return new RunLast().execute(parseResult);
      } finally {
        context.close();
      }
    }
  }
}
