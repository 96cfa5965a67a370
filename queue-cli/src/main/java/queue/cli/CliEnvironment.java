package queue.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.Stores;

/**
 * What a run of the command line gets from its process: environment variables, stdin and whether
 * the streams are terminals, the clock (its zone is the local time of {@code send --at HH:MM}), the
 * user name, the process hooks (logging, signals) and how a store is opened. Tests build one by
 * hand, with an in-memory store where the store does not matter; {@link #system()} is the real
 * process.
 */
public record CliEnvironment(
    Map<String, String> variables,
    Stdio stdio,
    Clock clock,
    String userName,
    ProcessHooks process,
    StoreOpener stores) {

  /** The launcher passes what bash's {@code [ -t 0 ]} and {@code [ -t 1 ]} found. */
  static final String STDIN_TTY_PROPERTY = "queue.stdin.tty";

  static final String STDOUT_TTY_PROPERTY = "queue.stdout.tty";

  /**
   * Standard input, and whether stdin and stdout are terminals (a progress line only on a terminal;
   * a body is read from stdin only when it is not one).
   */
  public record Stdio(InputStream in, boolean inIsTerminal, boolean outIsTerminal) {}

  /** Opens the store at a location; {@link Stores#open} outside tests. */
  @FunctionalInterface
  public interface StoreOpener {
    QueueStore open(String location, OpenOptions options);

    /**
     * False for a data directory that does not exist yet: no queue is there. A database store is
     * taken to exist (opening it says whether it can be reached).
     */
    default boolean exists(String location) {
      try {
        return Stores.isUrl(location) || Files.isDirectory(Path.of(location));
      } catch (InvalidPathException e) {
        return true; // opening it names what is wrong with it
      }
    }
  }

  public static CliEnvironment system() {
    return new CliEnvironment(
        System.getenv(),
        new Stdio(System.in, isTerminal(STDIN_TTY_PROPERTY), isTerminal(STDOUT_TTY_PROPERTY)),
        new LocalClock(),
        System.getProperty("user.name"),
        new SystemProcess(),
        new SystemStores());
  }

  /**
   * The system clock in the local time zone, which it looks up only when asked for it: finding the
   * zone reads the time-zone database, which every cold start paid though only {@code send --at
   * HH:MM} needs it.
   */
  private static final class LocalClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.system(zone);
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }
  }

  /** Opens the store with {@link Stores#open}; a class rather than a lambda, as start-up is. */
  private static final class SystemStores implements StoreOpener {
    @Override
    public QueueStore open(String location, OpenOptions options) {
      return Stores.open(location, options);
    }
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
