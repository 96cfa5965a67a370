package queue.core.error;

import java.util.Collection;
import java.util.List;
import queue.core.Quoted;
import queue.core.agents.Groups;

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

  /**
   * A send that names agents that are not registered, or groups nobody is in: the whole send is
   * refused, for its unknown agents if it has any, else for its empty groups.
   */
  public static InvalidInputException unresolvedRecipients(
      Collection<String> unknownNames, Collection<String> emptyGroups) {
    if (!unknownNames.isEmpty()) {
      return unknownRecipients(unknownNames);
    }
    List<String> groups = emptyGroups.stream().map(Groups::address).toList();
    String first = emptyGroups.iterator().next();
    return new InvalidInputException(
        "no agent is in group"
            + (groups.size() > 1 ? "s " : " ")
            + String.join(", ", groups)
            + ": nothing was queued; add one with 'queue agents set NAME --group "
            + first
            + "', see 'queue agents list'");
  }

  /**
   * A send whose idempotency key was used by message {@code firstId} with another body or another
   * set of recipients.
   */
  public static InvalidInputException idempotencyKeyReused(
      String key, String firstId, boolean sameBody, Collection<String> firstRecipients) {
    return new InvalidInputException(
        "idempotency key "
            + Quoted.of(key)
            + " was used by message "
            + firstId
            + (sameBody
                ? " for other recipients (" + String.join(", ", firstRecipients) + ")"
                : " with another body")
            + ": nothing was queued; repeat that send exactly, or use a new key");
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
        "agent "
            + name
            + " is already registered; change it with 'queue agents set "
            + name
            + " ...'");
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

  /** A retry of an id whose FAILED entries are all for an agent that was removed since. */
  public static InvalidInputException retryForRemovedAgent(String typed, String recipient) {
    return new InvalidInputException(
        typed
            + " failed for "
            + recipient
            + ", who is no longer a registered agent: nothing was retried; register "
            + recipient
            + " again first ('queue agents add "
            + recipient
            + " ...')");
  }

  /** An import whose document breaks a rule of the state. */
  public static InvalidInputException invalidImport(String problem) {
    return new InvalidInputException("cannot import: " + problem + "; nothing was imported");
  }

  /** An export of a state that an import would refuse: it is not written (exit 4). */
  public static CorruptStateException unexportable(String location, String problem) {
    return new CorruptStateException(
        "cannot export "
            + location
            + ": "
            + problem
            + "; an import would refuse it, so nothing was written",
        null);
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

  /** A broadcast whose only registered agent is its sender, which a broadcast skips. */
  public static InvalidInputException nobodyElseToBroadcastTo(String sender) {
    return new InvalidInputException(
        "cannot broadcast: "
            + sender
            + " is the only registered agent, and a broadcast skips its sender; nothing was"
            + " queued; add --include-self to send it to "
            + sender);
  }

  /** A reply to, or a thread of, an id that names no message or entry. */
  public static InvalidInputException noSuchMessage(String typed) {
    return new InvalidInputException(
        "no message or entry with id " + typed + ", queued or in history; see 'queue list'");
  }

  /** A reply to a message whose sender is no registered agent, so it cannot be answered. */
  public static InvalidInputException senderNotAnAgent(String messageId, String sender) {
    return new InvalidInputException(
        "cannot reply to message "
            + messageId
            + ": its sender "
            + sender
            + " is not a registered agent; nothing was queued; answer it with 'queue send"
            + " --reply-to "
            + messageId
            + " --to NAME'");
  }

  /** A reply --all by the only one on the message it answers. */
  public static InvalidInputException nobodyToReplyTo(String messageId, String replier) {
    return new InvalidInputException(
        "cannot reply to message "
            + messageId
            + ": no one on it but "
            + replier
            + "; nothing was queued");
  }
}
