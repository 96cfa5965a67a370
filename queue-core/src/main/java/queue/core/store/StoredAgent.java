package queue.core.store;

import java.time.Instant;
import java.util.List;
import queue.core.model.Agent;
import queue.core.model.LegacyAgents;
import queue.core.model.Target;
import tools.jackson.databind.node.ObjectNode;

/**
 * An agent as {@code agents.json} stores it: flat, with what is left at its default (an empty
 * target, not pinned, not paused, in no group) left out.
 *
 * @param beforeTargets the fields of a version 1 file that are the agent's target now (see {@link
 *     LegacyAgents}); null when there were none
 */
record StoredAgent(
    String name,
    String transport,
    ObjectNode target,
    Instant registeredAt,
    String host,
    Boolean pinned,
    Boolean paused,
    List<String> groups,
    ObjectNode beforeTargets) {

  static StoredAgent of(Agent agent) {
    return new StoredAgent(
        agent.name(),
        agent.transport(),
        agent.target().isEmpty() ? null : agent.target().json(),
        agent.registeredAt(),
        agent.host(),
        agent.pinned() ? Boolean.TRUE : null,
        agent.paused() ? Boolean.TRUE : null,
        agent.groups().isEmpty() ? null : agent.groups(),
        null);
  }

  /** The agent; a file of {@code version} 1 pins its inbox agents as that version did. */
  Agent toAgent(int version) {
    Target kept = target == null ? Target.EMPTY : Target.of(target);
    boolean pin = version == 1 ? LegacyAgents.wasPinned(transport) : Boolean.TRUE.equals(pinned);
    return Agent.of(
            name,
            transport,
            beforeTargets == null ? kept : Target.of(beforeTargets).merged(kept),
            registeredAt)
        .withHost(host, pin && host != null)
        .withPaused(Boolean.TRUE.equals(paused))
        .withGroups(groups);
  }
}
