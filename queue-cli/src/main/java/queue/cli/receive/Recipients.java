package queue.cli.receive;

import queue.core.api.QueueStore;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Transport;

/** Finds the agent an {@code inbox} or {@code receive} is for, refusing the wrong transport. */
final class Recipients {
  private Recipients() {}

  static Agent require(QueueStore store, String name, Transport transport, String command) {
    Agent agent = store.agents().find(name).orElse(null);
    if (agent == null) {
      throw new InvalidInputException("unknown agent " + name + "; see 'queue agents list'");
    }
    if (agent.transport() != transport) {
      throw new InvalidInputException(
          "'queue "
              + command
              + "' is for "
              + transport.label()
              + " agents, and "
              + name
              + " is "
              + (agent.transport() == Transport.INBOX ? "an " : "a ")
              + agent.transport().label()
              + " agent"
              + hint(agent));
    }
    return agent;
  }

  private static String hint(Agent agent) {
    return switch (agent.transport()) {
      case INBOX -> ": read its messages with 'queue inbox " + agent.name() + "'";
      case PULL -> ": take its messages with 'queue receive " + agent.name() + "'";
      case HTTP, EXEC -> ": the processor delivers to it (" + agent.transport().label() + ")";
    };
  }
}
