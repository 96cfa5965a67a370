package queue.core.model;

import java.time.Instant;
import java.util.Set;
import queue.core.Quoted;
import queue.core.agents.AgentNames;

/** What makes one entry valid beside its message: the entry part of {@link StateRules}. */
final class EntryRules {
  private EntryRules() {}

  /**
   * The first problem of {@code entry}, or null.
   *
   * @param message the message it names, or null when there is none
   * @param entryIds the ids of the entries before it, to which its own is added
   */
  static String problemOf(Entry entry, Message message, Set<String> entryIds) {
    if (!entryIds.add(entry.id())) {
      return "duplicate entry id";
    }
    if (message == null) {
      return "refers to unknown message " + Quoted.of(entry.messageId());
    }
    if (!AgentNames.isValid(entry.recipient())) {
      return "invalid recipient name " + Quoted.of(entry.recipient());
    }
    if (!message.recipients().contains(entry.recipient())) {
      return "its recipient " + entry.recipient() + " is not one of its message's recipients";
    }
    if (!entry.sender().equals(message.sender())
        || !entry.createdAt().equals(message.createdAt())) {
      return "its sender and createdAt must be its message's";
    }
    return ownProblemOf(entry);
  }

  /** The first problem of an entry's own fields (state, attempts, lease, times), or null. */
  static String ownProblemOf(Entry entry) {
    if (entry.attempts() < 0 || entry.attempts() == Integer.MAX_VALUE) {
      return "attempts " + entry.attempts() + " is out of range";
    }
    if (entry.state() == EntryState.PROCESSING
        && (entry.leaseOwner() == null || entry.leaseExpiresAt() == null)) {
      return "PROCESSING without a lease";
    }
    if (entry.state() == EntryState.DELIVERED && entry.deliveredAt() == null) {
      return "DELIVERED without deliveredAt";
    }
    return timesProblem(entry);
  }

  // Each time an entry keeps, by the name of its field.
  private static String timesProblem(Entry entry) {
    Instant[] times = {
      entry.createdAt(),
      entry.nextAttemptAt(),
      entry.deliveredAt(),
      entry.expiresAt(),
      entry.leaseExpiresAt()
    };
    String[] fields = {"createdAt", "nextAttemptAt", "deliveredAt", "expiresAt", "leaseExpiresAt"};
    for (int i = 0; i < times.length; i++) {
      String problem = ValueRules.timeProblem(fields[i], times[i]);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }
}
