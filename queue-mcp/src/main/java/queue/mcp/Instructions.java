package queue.mcp;

/** What the server tells the model about itself when a client connects. */
final class Instructions {
  private Instructions() {}

  static String of(String agent) {
    return "You are the agent \""
        + agent
        + "\" on a persistent message queue shared with other agents. send_message sends from"
        + " you; list_agents shows who you can send to. fetch_messages takes your next messages,"
        + " oldest first: what it returns counts as received, so act on each one. When you are"
        + " waiting for an answer, call fetch_messages with wait_seconds 60 instead of polling."
        + " queue_status shows the queue's state.";
  }
}
