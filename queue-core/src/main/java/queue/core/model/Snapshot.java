package queue.core.model;

import java.util.List;
import java.util.Optional;

/** The registered agents ({@code agents.json}) and the queue ({@code queue.json}) together. */
public record Snapshot(List<Agent> agents, QueueState queue) {

  public static final Snapshot EMPTY = new Snapshot(List.of(), QueueState.EMPTY);

  public Snapshot {
    agents = List.copyOf(agents);
  }

  public Optional<Agent> agent(String name) {
    for (Agent agent : agents) {
      if (agent.name().equals(name)) {
        return Optional.of(agent);
      }
    }
    return Optional.empty();
  }

  public Snapshot withQueue(QueueState newQueue) {
    return newQueue == queue ? this : new Snapshot(agents, newQueue);
  }

  public Snapshot withAgents(List<Agent> newAgents) {
    return new Snapshot(newAgents, queue);
  }
}
