package queue.core.api;

import java.util.List;
import java.util.Optional;
import queue.core.model.Agent;
import queue.core.model.AgentChange;

/** The registered agents. */
public interface Agents {

  /** The agents in the order they were registered. */
  List<Agent> list();

  default Optional<Agent> find(String name) {
    for (Agent agent : list()) {
      if (agent.name().equals(name)) {
        return Optional.of(agent);
      }
    }
    return Optional.empty();
  }

  /**
   * Registers a new agent, checked by {@link AgentRequests}. Refused (exit 2) if the name is taken.
   * A store may fill in what the agent leaves to it (a PostgreSQL store: an inbox path).
   *
   * @return the agent as registered
   */
  Agent add(Agent agent);

  /** Pauses, resumes or changes the settings of an agent; refused (exit 2) for an unknown one. */
  Agent change(String name, AgentChange change);

  /**
   * Removes an agent. Refused (exit 2) while it has PENDING or PROCESSING entries unless {@code
   * force}, which marks them FAILED ("agent removed") in the same transaction.
   *
   * @return how many entries were failed
   */
  int remove(String name, boolean force);
}
