package queue.cli.agents;

import java.nio.file.Path;
import java.util.List;
import queue.core.Durations;
import queue.core.model.Agent;

/**
 * An agent as {@code agents add|list|pause|resume|set --json} print it. Never a secret: the secret
 * file's path only, and header names without their values.
 *
 * @param target where its entries go, in words (an exec agent's argv quoted as a shell needs it)
 * @param argv an exec agent's command and arguments; null for other transports
 * @param groups the groups it is in, sorted by name; empty for none
 */
public record AgentJson(
    String name,
    String transport,
    String target,
    List<String> argv,
    boolean paused,
    List<String> groups,
    SettingsJson settings,
    String host,
    String registeredAt) {

  /**
   * @param headers the names of the extra http headers
   */
  public record SettingsJson(
      Integer maxAttempts, String timeout, String secretFile, List<String> headers) {
    static SettingsJson of(Settings settings) {
      return new SettingsJson(
          settings.maxAttempts(),
          settings.timeout() == null ? null : Durations.format(settings.timeout()),
          settings.secretFile(),
          AgentText.headerNames(settings));
    }
  }

  /**
   * @param inboxRoot where default inboxes are on this host (see {@link queue.core.inbox.Inbox})
   */
  public static AgentJson of(Agent agent, Path inboxRoot) {
    return new AgentJson(
        agent.name(),
        agent.transport(),
        AgentText.target(agent, inboxRoot),
        AgentText.argv(agent),
        agent.paused(),
        agent.groups(),
        SettingsJson.of(Settings.of(agent.target())),
        agent.host(),
        agent.registeredAt().toString());
  }
}
