package queue.core.error;

import java.util.Collection;

/**
 * The refusals (exit 2) that need the queue to be read, which every store makes inside its
 * transaction: written once here, so that each store says them in the same words.
 */
public final class Refusals {
  private Refusals() {}

  /** A send that names agents that are not registered: the whole send is refused. */
  public static InvalidInputException unknownRecipients(Collection<String> names) {
    return new InvalidInputException(
        "unknown recipient"
            + (names.size() > 1 ? "s " : " ")
            + String.join(", ", names)
            + ": nothing was queued; see 'queue agents list'");
  }

  public static InvalidInputException noAgentsToBroadcastTo() {
    return new InvalidInputException(
        "cannot broadcast: no agents are registered; add one with 'queue agents add NAME'");
  }

  public static InvalidInputException unknownAgent(String name) {
    return new InvalidInputException("unknown agent " + name + "; see 'queue agents list'");
  }

  public static InvalidInputException alreadyRegistered(String name) {
    return new InvalidInputException(
        "agent " + name + " is already registered; remove it first to change its transport");
  }

  /** A removal without {@code --force} of an agent that has {@code count} unfinished entries. */
  public static InvalidInputException unfinishedEntries(String name, long count) {
    return new InvalidInputException(
        "agent "
            + name
            + " has "
            + count
            + " pending or processing "
            + (count == 1 ? "entry" : "entries")
            + "; wait for them, or use --force to mark them FAILED");
  }

  /** A retry of an id that names no entry or message. */
  public static InvalidInputException noSuchEntry(String typed) {
    return new InvalidInputException("no entry or message with id " + typed + "; see 'queue list'");
  }

  /** A retry of an id whose entries are not FAILED; {@code state} is the first one's. */
  public static InvalidInputException nothingToRetry(String typed, String state) {
    return new InvalidInputException(
        typed + " has no FAILED entry (it is " + state + "); only FAILED entries can be retried");
  }

  /** An import whose document breaks a rule of the state. */
  public static InvalidInputException invalidImport(String problem) {
    return new InvalidInputException("cannot import: " + problem + "; nothing was imported");
  }

  /** An import into a store that already holds agents or entries. */
  public static InvalidInputException notEmpty(String location, long agents, long entries) {
    return new InvalidInputException(
        "cannot import into "
            + location
            + ": it is not empty ("
            + agents
            + " agents, "
            + entries
            + " entries); import into a new store");
  }
}
