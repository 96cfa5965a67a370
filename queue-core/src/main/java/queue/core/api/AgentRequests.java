package queue.core.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import queue.core.agents.AgentNames;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.AgentSettings;
import queue.core.model.Transport;

/**
 * Builds checked agents for {@link Agents#add} and checked settings for {@link Agents#change}: what
 * can be refused (exit 2) without reading the queue. Paths are made absolute against {@code
 * workingDirectory}, so a registration means the same to a processor started elsewhere.
 */
public final class AgentRequests {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  private static final int MAX_HEADER_LENGTH = 8192;

  private final Path workingDirectory;
  private final String host;

  /**
   * @param host the host registrations are made on (see {@link Agent#host})
   */
  public AgentRequests(Path workingDirectory, String host) {
    this.workingDirectory = workingDirectory.toAbsolutePath();
    this.host = host;
  }

  /** An inbox agent; {@code inbox} null for the store's default inbox. */
  public Agent inbox(String name, String inbox, Instant now) {
    String directory = inbox == null ? null : absolute(inbox, "--inbox").toString();
    return Agent.of(AgentNames.require(name), Transport.INBOX, directory, null, null, now, host);
  }

  public Agent http(String name, String url, Instant now) {
    return Agent.of(AgentNames.require(name), Transport.HTTP, null, httpUrl(url), null, now, host);
  }

  /** An exec agent; a command given by a relative path (one with a '/') is made absolute. */
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
    return Agent.of(AgentNames.require(name), Transport.EXEC, null, null, absolute, now, host);
  }

  public Agent pull(String name, Instant now) {
    return Agent.of(AgentNames.require(name), Transport.PULL, null, null, null, now, host);
  }

  /**
   * Checks settings for an agent of {@code transport}: each must apply to it and be in range; a
   * secret file must be readable (its path is made absolute, its content never stored).
   */
  public AgentSettings settings(Transport transport, AgentSettings settings) {
    if (settings.maxAttempts() != null && settings.maxAttempts() < 1) {
      throw new InvalidInputException(
          "--max-attempts must be at least 1, not " + settings.maxAttempts());
    }
    if (settings.timeout() != null) {
      requireTransport(transport, "--timeout", Transport.HTTP, Transport.EXEC);
      if (settings.timeout().isNegative() || settings.timeout().isZero()) {
        throw new InvalidInputException("--timeout must be longer than 0");
      }
    }
    String secretFile = null;
    if (settings.secretFile() != null) {
      requireTransport(transport, "--secret-file", Transport.HTTP);
      Path file = absolute(settings.secretFile(), "--secret-file");
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new InvalidInputException(
            "--secret-file " + file + " is not a readable file: create it with the secret in it");
      }
      secretFile = file.toString();
    }
    if (settings.headers() != null) {
      requireTransport(transport, "--header", Transport.HTTP);
      settings.headers().forEach(AgentRequests::requireHeader);
    }
    return new AgentSettings(
        settings.maxAttempts(), settings.timeout(), secretFile, settings.headers());
  }

  private static void requireTransport(Transport actual, String option, Transport... allowed) {
    for (Transport transport : allowed) {
      if (transport == actual) {
        return;
      }
    }
    String article = actual == Transport.INBOX ? "an " : "a ";
    throw new InvalidInputException(
        option + " does not apply to " + article + actual.label() + " agent");
  }

  private static void requireHeader(String header) {
    int colon = header.indexOf(':');
    String name = colon < 0 ? header : header.substring(0, colon);
    if (colon < 0
        || !HEADER_NAME.matcher(name).matches()
        || header.length() > MAX_HEADER_LENGTH
        || header.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new InvalidInputException(
          "invalid header '" + header + "': use 'Name: value' on one line");
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
    List<String> all = new java.util.ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /** The URL if it is http(s) with a host; else exit 2 naming it. */
  public static String httpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri.toString();
      }
    } catch (URISyntaxException | NullPointerException e) {
      // Reported below with the value.
    }
    throw new InvalidInputException(
        "invalid URL '" + url + "': use an http:// or https:// URL with a host");
  }
}
