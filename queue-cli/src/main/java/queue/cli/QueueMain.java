package queue.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.RunLast;

/** The {@code queue} command line. */
public final class QueueMain {
  private QueueMain() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int exitCode = commandLine(CliEnvironment.system(), out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /** The whole command tree for one run, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(
      CliEnvironment environment, PrintWriter out, PrintWriter err) {
    CliContext context = new CliContext(environment);
    ErrorHandler errors = new ErrorHandler();
    CommandLine commandLine = new CommandLine(QueueCommand.class, new CommandFactory(context));
    commandLine
        .setOut(out)
        .setErr(err)
        .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setExecutionStrategy(
            parseResult -> {
              environment.loggingSetup().accept(context.global().verbose());
              return new RunLast().execute(parseResult);
            });
    return commandLine;
  }
}
