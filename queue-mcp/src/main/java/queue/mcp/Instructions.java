package queue.mcp;

/** What the server tells the model about itself when a client connects. */
final class Instructions {
  private Instructions() {}

  static String of(String agent) {
    return "You are the agent \""
        + agent
        + "\" on a persistent message queue shared with other agents. fetch_messages takes your"
        + " next messages, oldest first: what it returns counts as received, so act on each one;"
        + " peek_messages only looks. When you are waiting for an answer, call fetch_messages with"
        + " wait_seconds 60 instead of polling. Answer a message with reply (its sender, or with"
        + " all: true everyone on it); read a whole conversation with get_thread. send_message"
        + " sends from you to agent names, to @group (every member of a group) or to everyone"
        + " (broadcast); list_agents shows the agents and their groups. A message from \"queue\""
        + " with a notice says that one of yours could not be delivered. queue_status shows the"
        + " queue's state.";
  }
}
