package queue.cli.agents;

import java.util.List;
import queue.core.Durations;
import queue.core.ShellWords;
import queue.core.api.QueueStore;
import queue.core.model.Agent;
import queue.core.model.AgentSettings;
import queue.core.model.Transport;

/**
 * An agent as {@code agents add|list|pause|resume|set --json} print it. Never a secret: the secret
 * file's path only, and header names without their values.
 *
 * @param target where its entries go, in words (an exec agent's argv quoted as a shell needs it)
 * @param argv an exec agent's command and arguments; null for other transports
 */
public record AgentJson(
    String name,
    String transport,
    String target,
    List<String> argv,
    boolean paused,
    SettingsJson settings,
    String host,
    String registeredAt) {

  /**
   * @param headers the names of the extra http headers
   */
  public record SettingsJson(
      Integer maxAttempts, String timeout, String secretFile, List<String> headers) {
    static SettingsJson of(AgentSettings settings) {
      return new SettingsJson(
          settings.maxAttempts(),
          settings.timeout() == null ? null : Durations.format(settings.timeout()),
          settings.secretFile(),
          AgentText.headerNames(settings));
    }
  }

  public static AgentJson of(Agent agent, QueueStore store) {
    return new AgentJson(
        agent.name(),
        agent.transport().label(),
        target(agent, store),
        agent.exec(),
        agent.paused(),
        SettingsJson.of(agent.settings()),
        agent.host(),
        agent.registeredAt().toString());
  }

  /** Where an agent's entries go: the inbox the store delivers into, the URL, or the argv. */
  static String target(Agent agent, QueueStore store) {
    if (agent.transport() == Transport.INBOX) {
      return store.inboxOf(agent).toString();
    }
    return agent.transport() == Transport.EXEC ? ShellWords.quote(agent.exec()) : agent.target();
  }
}
