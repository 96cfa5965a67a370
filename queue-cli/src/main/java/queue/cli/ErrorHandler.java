package queue.cli;

import java.io.PrintWriter;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import queue.core.error.ExitCode;
import queue.core.error.QueueException;

/**
 * Turns every failure into the contract's exit code and ONE line on stderr: what is wrong and what
 * to do, with picocli's suggestion for a mistyped command or option. The cause and stack trace go
 * to the log, which only --verbose shows.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    String prefix = prefixOf(command);
    int exitCode;
    if (e instanceof QueueException queueException) {
      err.println(prefix + queueException.getMessage());
      exitCode = queueException.exitCode();
    } else {
      err.println(prefix + "unexpected error: " + e + " (run again with --verbose for details)");
      exitCode = ExitCode.FAILED.code();
    }
    err.flush();
    LoggerFactory.getLogger(ErrorHandler.class)
        .debug("{} failed", command.getCommandSpec().qualifiedName(), e);
    return exitCode;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(
        prefixOf(command) + e.getMessage() + suggestion(e) + " (see '" + name + " --help')");
    err.flush();
    return ExitCode.USAGE.code();
  }

  private static String suggestion(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched)) {
      return "";
    }
    // picocli ranks its suggestions: the first is the nearest, and the only one worth a line.
    List<String> suggestions = unmatched.getSuggestions();
    return suggestions.isEmpty() ? "" : ". Did you mean: " + suggestions.get(0) + "?";
  }

  private static String prefixOf(CommandLine command) {
    return command.getCommandSpec().qualifiedName() + ": ";
  }
}
