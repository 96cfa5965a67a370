package queue.cli.agents;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import queue.core.Executables;
import queue.core.Quoted;
import queue.core.ShellWords;
import queue.core.agents.AgentNames;
import queue.core.error.InvalidInputException;
import queue.core.http.HttpTarget;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.core.model.Target;

/**
 * Builds the checked agents {@code agents add} registers, and the checked settings {@code agents
 * add} and {@code set} give: what can be refused (exit 2) without reading the queue. Each agent's
 * target is what its transport in the processor reads: an inbox agent's {@code {"inbox": DIR}}
 * (none for the default inbox), an http agent's {@code {"url": URL}}, an exec agent's {@code
 * {"exec": [CMD, ARG...]}}, a pull agent's nothing; settings go beside them ({@link Settings}).
 * Paths are made absolute against {@code workingDirectory}, so a registration means the same to a
 * processor started elsewhere.
 */
public final class AgentRequests {
  public static final String HTTP = HttpTarget.TRANSPORT;
  public static final String EXEC = "exec";

  /** The target field of an http agent's URL. */
  static final String URL = HttpTarget.URL;

  /** The target field of an exec agent's command and arguments. */
  static final String ARGV = "exec";

  /** The settings that apply to some transports only, and those transports. */
  private static final Map<String, List<String>> TRANSPORTS_OF_SETTINGS =
      Map.of(
          Settings.TIMEOUT, List.of(HTTP, EXEC),
          Settings.SECRET_FILE, List.of(HTTP),
          Settings.HEADERS, List.of(HTTP));

  private final Path workingDirectory;
  private final String host;
  private final Path inboxRoot;
  private final String searchPath;

  /**
   * @param host the host registrations are made on (see {@link Agent#host}); inbox agents are
   *     pinned to it
   * @param inboxRoot for a store on a server, this host's inbox root: an inbox agent registered
   *     without a directory gets {@code inbox/NAME} under it, fixed at registration; null for a
   *     file store, whose default inbox is found under its data directory when it is delivered to
   * @param searchPath the PATH an exec agent's bare command name is looked up in
   */
  public AgentRequests(Path workingDirectory, String host, Path inboxRoot, String searchPath) {
    this.workingDirectory = workingDirectory.toAbsolutePath();
    this.host = host;
    this.inboxRoot = inboxRoot;
    this.searchPath = searchPath;
  }

  /** An inbox agent; {@code inbox} null for the default inbox. */
  public Agent inbox(String name, String inbox, Instant now) {
    Agent agent = Agent.of(AgentNames.require(name), Inbox.TRANSPORT, Target.EMPTY, now);
    String directory =
        inbox != null
            ? absolute(inbox, "--inbox").toString()
            : inboxRoot == null ? null : Inbox.of(agent, inboxRoot).directory().toString();
    return agent.withTarget(Inbox.target(directory)).withHost(host, true);
  }

  public Agent http(String name, String url, Instant now) {
    Target target = Target.EMPTY.with(URL, httpUrl(url));
    return Agent.of(AgentNames.require(name), HTTP, target, now).withHost(host, false);
  }

  /**
   * An exec agent; a command given by a relative path (one with a '/') is made absolute. A command
   * that does not exist or cannot be run is refused, naming it: registered, it would only fail.
   */
  public Agent exec(String name, List<String> argv, Instant now) {
    if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
      throw new InvalidInputException(
          "--exec needs a command: queue agents add " + name + " --exec CMD [ARG...]");
    }
    String command = argv.get(0);
    List<String> absolute =
        command.contains("/")
            ? concat(absolute(command, "--exec").toString(), argv.subList(1, argv.size()))
            : argv;
    requireRunnable(absolute.get(0));
    Target target = Target.EMPTY.with(ARGV, absolute);
    return Agent.of(AgentNames.require(name), EXEC, target, now).withHost(host, false);
  }

  public Agent pull(String name, Instant now) {
    return Agent.of(AgentNames.require(name), Agent.PULL, Target.EMPTY, now).withHost(host, false);
  }

  /**
   * Checks settings for an agent of {@code transport}: each must apply to it and be in range; a
   * secret file must be readable (its path is made absolute, its content never stored).
   */
  public Settings settings(String transport, Settings settings) {
    if (settings.maxAttempts() != null && settings.maxAttempts() < 1) {
      throw new InvalidInputException(
          "--max-attempts must be at least 1, not " + settings.maxAttempts());
    }
    if (settings.timeout() != null) {
      requireTransport(transport, "--timeout", Settings.TIMEOUT);
      if (settings.timeout().isNegative() || settings.timeout().isZero()) {
        throw new InvalidInputException("--timeout must be longer than 0");
      }
    }
    String secretFile = null;
    if (settings.secretFile() != null) {
      requireTransport(transport, "--secret-file", Settings.SECRET_FILE);
      Path file = absolute(settings.secretFile(), "--secret-file");
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new InvalidInputException(
            "--secret-file " + file + " is not a readable file: create it with the secret in it");
      }
      secretFile = file.toString();
    }
    if (settings.headers() != null) {
      requireTransport(transport, "--header", Settings.HEADERS);
      settings.headers().forEach(AgentRequests::requireHeader);
    }
    return new Settings(settings.maxAttempts(), settings.timeout(), secretFile, settings.headers());
  }

  /**
   * The changes to an agent's target that move it to the transport of {@code moved}, an agent built
   * here: the old transport's fields and the settings that do not apply to the new one go, the new
   * one's fields come; the other settings stay.
   */
  public static Target changesFor(Agent moved) {
    Target changes = Target.EMPTY.clearing(Inbox.DIRECTORY, URL, ARGV);
    for (Map.Entry<String, List<String>> setting : TRANSPORTS_OF_SETTINGS.entrySet()) {
      if (!setting.getValue().contains(moved.transport())) {
        changes = changes.clearing(setting.getKey());
      }
    }
    return changes.merged(moved.target());
  }

  private void requireRunnable(String command) {
    String problem = Executables.problem(command, searchPath);
    if (problem != null) {
      throw new InvalidInputException(
          "--exec "
              + ShellWords.quote(List.of(command))
              + ": "
              + problem
              + (command.contains("/")
                  ? "; give a program that exists and may be run (chmod +x)"
                  : "; give its path, or install it where the processor finds it"));
    }
  }

  private static void requireTransport(String actual, String option, String setting) {
    if (!TRANSPORTS_OF_SETTINGS.get(setting).contains(actual)) {
      throw new InvalidInputException(
          option + " does not apply to " + AgentText.article(actual) + actual + " agent");
    }
  }

  private static void requireHeader(String header) {
    String problem = HttpTarget.headerProblem(header);
    if (problem != null) {
      throw new InvalidInputException("invalid --header: " + problem);
    }
  }

  private Path absolute(String path, String option) {
    try {
      return workingDirectory.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidInputException(
          "invalid path for " + option + " '" + path + "': " + e.getReason());
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /**
   * The URL if it is http(s) with a host and without credentials; else exit 2 naming it (without
   * its credentials).
   */
  public static String httpUrl(String url) {
    String problem = HttpTarget.urlProblem(url);
    if (problem != null) {
      throw new InvalidInputException(
          "invalid URL " + Quoted.of(HttpTarget.shown(url)) + ": " + problem);
    }
    return url;
  }
}
