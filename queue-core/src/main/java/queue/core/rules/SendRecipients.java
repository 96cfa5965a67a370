package queue.core.rules;

import java.util.List;
import queue.core.error.Refusals;

/**
 * What a store found for a send's recipients: the agents it queues for, each once, in the order
 * given (a group's members in the order they were registered), and what it could not find.
 *
 * @param agents the registered agents it queues for
 * @param unknown the names given that no agent has
 * @param emptyGroups the groups given that no agent is in
 */
public record SendRecipients(List<String> agents, List<String> unknown, List<String> emptyGroups) {

  public SendRecipients {
    agents = List.copyOf(agents);
    unknown = List.copyOf(unknown);
    emptyGroups = List.copyOf(emptyGroups);
  }

  /** Refuses the whole send (exit 2) if a name or a group was not found. */
  public void requireFound() {
    if (!unknown.isEmpty() || !emptyGroups.isEmpty()) {
      throw Refusals.unresolvedRecipients(unknown, emptyGroups);
    }
  }
}
