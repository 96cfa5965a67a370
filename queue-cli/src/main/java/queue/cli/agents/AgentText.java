package queue.cli.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import queue.core.Durations;
import queue.core.model.AgentSettings;

/** An agent's parts as a person reads them: a quoted argv, its settings on one line. */
final class AgentText {
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private AgentText() {}

  /** The argv as a shell would need it typed: words with spaces or quotes in single quotes. */
  static String quoted(List<String> argv) {
    List<String> words = new ArrayList<>(argv.size());
    for (String arg : argv) {
      words.add(PLAIN_WORD.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }

  /**
   * The settings that differ from the processor's defaults; header values are left out, as they
   * often carry credentials.
   */
  static String settings(AgentSettings settings) {
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

  static List<String> headerNames(AgentSettings settings) {
    return settings.headerList().stream().map(h -> h.substring(0, h.indexOf(':')).trim()).toList();
  }
}
