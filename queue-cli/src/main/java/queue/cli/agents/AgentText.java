package queue.cli.agents;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import queue.core.Durations;
import queue.core.ShellWords;
import queue.core.http.HttpTarget;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.core.model.Target;

/**
 * An agent's parts as a person reads them: where its entries go (an argv quoted as a shell needs
 * it), its settings on one line. The command line's reading of the targets {@link AgentRequests}
 * builds.
 */
final class AgentText {
  private AgentText() {}

  /**
   * Where an agent's entries go, in words: its inbox directory (a default one under {@code
   * inboxRoot}), its URL (never with a user name or password), its argv quoted, or how a pull agent
   * takes them; the target's JSON for a transport the command line does not know, without headers.
   */
  static String target(Agent agent, Path inboxRoot) {
    return switch (agent.transport()) {
      case Inbox.TRANSPORT ->
          Inbox.directoryProblem(agent) == null
              ? Inbox.of(agent, inboxRoot).directory().toString()
              : agent.target().toJson();
      case AgentRequests.HTTP -> HttpTarget.shown(agent.target().text(AgentRequests.URL));
      case AgentRequests.EXEC -> argv(agent) == null ? "" : ShellWords.quote(argv(agent));
      case Agent.PULL -> "queue receive " + agent.name();
      default -> shownTarget(agent.target()).toJson();
    };
  }

  // A target of a transport the command line does not know, without what may be a credential.
  private static Target shownTarget(Target target) {
    Target shown = target.with(HttpTarget.HEADERS, (String) null);
    String url = target.text(HttpTarget.URL);
    return url == null ? shown : shown.with(HttpTarget.URL, HttpTarget.shown(url));
  }

  /**
   * An agent on one line, as {@code agents add} and {@code set} confirm it: its name, transport and
   * target, then its settings and groups when it has any ({@code alice (inbox: /srv/alice);
   * max-attempts 3; groups ops, reviewers}).
   */
  static String summary(Agent agent, Path inboxRoot) {
    List<String> parts = new ArrayList<>();
    parts.add(agent.name() + " (" + agent.transport() + ": " + target(agent, inboxRoot) + ")");
    String given = settings(Settings.of(agent.target()));
    if (!given.isEmpty()) {
      parts.add(given);
    }
    if (!agent.groups().isEmpty()) {
      parts.add("groups " + groups(agent));
    }
    return String.join("; ", parts);
  }

  /** An agent's groups, comma-separated; empty for none. */
  static String groups(Agent agent) {
    return String.join(", ", agent.groups());
  }

  /** An exec agent's command and arguments; null for other transports. */
  static List<String> argv(Agent agent) {
    return agent.transport().equals(AgentRequests.EXEC)
        ? agent.target().texts(AgentRequests.ARGV)
        : null;
  }

  /** "an" before a transport label that sounds like a vowel, "a" before the others. */
  static String article(String transport) {
    return transport.startsWith("inbox") || transport.startsWith("exec") ? "an " : "a ";
  }

  /**
   * The settings that differ from the processor's defaults; header values are left out, as they
   * often carry credentials.
   */
  static String settings(Settings settings) {
    List<String> parts = new ArrayList<>();
    if (settings.maxAttempts() != null) {
      parts.add("max-attempts " + settings.maxAttempts());
    }
    if (settings.timeout() != null) {
      parts.add("timeout " + Durations.format(settings.timeout()));
    }
    if (settings.secretFile() != null) {
      parts.add("signed (" + settings.secretFile() + ")");
    }
    if (!settings.headerList().isEmpty()) {
      parts.add("headers " + String.join(", ", headerNames(settings)));
    }
    return String.join("; ", parts);
  }

  static List<String> headerNames(Settings settings) {
    return settings.headerList().stream()
        .map(h -> HttpTarget.nameOf(h) == null ? "?" : HttpTarget.nameOf(h))
        .toList();
  }
}
