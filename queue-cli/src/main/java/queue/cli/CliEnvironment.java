package queue.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a run of the command line gets from its process: environment variables, stdin, whether stdin
 * and stdout are terminals, the clock, the user name, and how to set up logging. Tests build one by
 * hand; {@link #system()} is the real process.
 *
 * @param loggingSetup called once, after parsing and before the command runs, with --verbose
 */
public record CliEnvironment(
    Map<String, String> variables,
    InputStream stdin,
    boolean stdinIsTerminal,
    boolean stdoutIsTerminal,
    Clock clock,
    String userName,
    Consumer<Boolean> loggingSetup) {

  /** The launcher passes what bash's {@code [ -t 0 ]} and {@code [ -t 1 ]} found. */
  static final String STDIN_TTY_PROPERTY = "queue.stdin.tty";

  static final String STDOUT_TTY_PROPERTY = "queue.stdout.tty";

  public static CliEnvironment system() {
    return new CliEnvironment(
        System.getenv(),
        System.in,
        isTerminal(STDIN_TTY_PROPERTY),
        isTerminal(STDOUT_TTY_PROPERTY),
        Clock.systemUTC(),
        System.getProperty("user.name"),
        new Logging());
  }

  private static boolean isTerminal(String property) {
    String fromLauncher = System.getProperty(property);
    if (fromLauncher != null) {
      return Boolean.parseBoolean(fromLauncher);
    }
    return consoleIsTerminal();
  }

  // Before JDK 22 System.console() is null unless stdin and stdout are both terminals; from 22
  // on it may be non-null for redirected streams, and Console.isTerminal() tells.
  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
