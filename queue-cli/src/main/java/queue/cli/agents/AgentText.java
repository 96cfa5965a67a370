package queue.cli.agents;

import java.util.ArrayList;
import java.util.List;
import queue.core.Durations;
import queue.core.model.AgentSettings;

/** An agent's settings as a person reads them, on one line. */
final class AgentText {
  private AgentText() {}

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
