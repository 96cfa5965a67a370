package queue.cli.receive;

import queue.core.api.QueueStore;
import queue.core.error.InvalidInputException;
import queue.core.error.Refusals;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;

/** Finds the agent an {@code inbox} or {@code receive} is for, refusing the wrong transport. */
final class Recipients {
  private Recipients() {}

  static Agent require(QueueStore store, String name, String transport, String command) {
    Agent agent = store.agents().find(name).orElseThrow(() -> Refusals.unknownAgent(name));
    if (!agent.transport().equals(transport)) {
      throw new InvalidInputException(
          "'queue "
              + command
              + "' is for "
              + transport
              + " agents, and "
              + name
              + " is "
              + (agent.transport().equals(Inbox.TRANSPORT) ? "an " : "a ")
              + agent.transport()
              + " agent"
              + hint(agent));
    }
    return agent;
  }

  private static String hint(Agent agent) {
    return switch (agent.transport()) {
      case Inbox.TRANSPORT -> ": read its messages with 'queue inbox " + agent.name() + "'";
      case Agent.PULL -> ": take its messages with 'queue receive " + agent.name() + "'";
      default -> ": the processor delivers to it (" + agent.transport() + ")";
    };
  }
}
