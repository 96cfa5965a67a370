package queue.cli;

import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import queue.core.error.QueueException;

/**
 * Turns every failure into the contract's exit code and ONE line on stderr. The cause and stack
 * trace go to the log, which only --verbose shows.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int USAGE = 2;
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    String prefix = prefixOf(command);
    if (e instanceof QueueException queueException) {
      err.println(prefix + queueException.getMessage());
      log(command, e);
      err.flush();
      return queueException.exitCode();
    }
    err.println(prefix + "unexpected error: " + e + " (run again with --verbose for details)");
    log(command, e);
    err.flush();
    return FAILED;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(prefixOf(command) + e.getMessage() + " (see '" + name + " --help')");
    err.flush();
    return USAGE;
  }

  private static String prefixOf(CommandLine command) {
    return command.getCommandSpec().qualifiedName() + ": ";
  }

  private static void log(CommandLine command, Exception e) {
    LoggerFactory.getLogger(ErrorHandler.class)
        .debug("{} failed", command.getCommandSpec().qualifiedName(), e);
  }
}
