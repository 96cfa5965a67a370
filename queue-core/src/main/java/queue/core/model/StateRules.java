package queue.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import queue.core.Durations;
import queue.core.Ids;
import queue.core.Quoted;
import queue.core.TimeRange;
import queue.core.agents.AgentNames;

/**
 * What makes a state valid, however it arrived (a state file, an import): each check returns the
 * first problem in words, naming the item and the field, or null when there is none.
 */
public final class StateRules {
  private static final String ID_GRAMMAR =
      " (8 characters of 0-9 and a-z without i, l, o and u, or a UUID)";

  private StateRules() {}

  /** The first problem of a list of agents, or null. */
  public static String problemIn(List<Agent> agents) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < agents.size(); i++) {
      Agent agent = agents.get(i);
      if (agent == null) {
        return "agents[" + i + "] is null";
      }
      if (!AgentNames.isValid(agent.name())) {
        return "agents[" + i + "]: invalid name '" + agent.name() + "'";
      }
      if (!names.add(agent.name())) {
        return "agent " + agent.name() + ": registered twice";
      }
      String problem = problemOf(agent);
      if (problem != null) {
        return "agent " + agent.name() + ": " + problem;
      }
    }
    return null;
  }

  // A store keeps a target as it was given: what a transport needs in it is the processor's to
  // check, when it delivers.
  private static String problemOf(Agent agent) {
    if (agent.transport().isBlank()) {
      return "field 'transport' is empty";
    }
    for (String group : agent.groups()) {
      if (!AgentNames.isValid(group)) {
        return "invalid group name " + Quoted.of(group);
      }
    }
    return null;
  }

  /** The first problem of a queue's content, or null. */
  public static String problemIn(QueueState state) {
    // Below 1 the next entry would get a sequence number the next read refuses as out of order.
    if (state.nextSeq() < 1) {
      return "nextSeq " + state.nextSeq() + " is below 1";
    }
    Set<String> messageIds = new HashSet<>();
    for (Message message : state.messages()) {
      String id = idProblem("message", message.id());
      if (id != null) {
        return id;
      }
      if (!messageIds.add(message.id())) {
        return "duplicate message id " + message.id();
      }
      String problem = contentProblemOf(message);
      if (problem != null) {
        return "message " + message.id() + ": " + problem;
      }
    }
    Set<String> entryIds = new HashSet<>();
    long lastSeq = 0;
    for (Entry entry : state.entries()) {
      String id = idProblem("entry", entry.id());
      if (id != null) {
        return id;
      }
      String problem = problemOf(entry, messageIds, entryIds, lastSeq, state.nextSeq());
      if (problem != null) {
        return "entry " + entry.id() + ": " + problem;
      }
      lastSeq = entry.seq();
    }
    for (var counter : state.delivered().entrySet()) {
      if (!AgentNames.isValid(counter.getKey())) {
        return "delivered count of an invalid agent name " + Quoted.of(counter.getKey());
      }
      if (counter.getValue() == null || counter.getValue() < 0) {
        return "delivered count of " + counter.getKey() + " is " + counter.getValue();
      }
    }
    for (var last : state.lastDeliveredAt().entrySet()) {
      if (!AgentNames.isValid(last.getKey())) {
        return "last delivery to an invalid agent name " + Quoted.of(last.getKey());
      }
      if (last.getValue() == null || !TimeRange.contains(last.getValue())) {
        return "last delivery to " + last.getKey() + ": " + outOfRange("time", last.getValue());
      }
    }
    return null;
  }

  private static String idProblem(String kind, String id) {
    return Ids.isValid(id) ? null : kind + " id " + Quoted.of(id) + " is not an id" + ID_GRAMMAR;
  }

  /** The first problem of one message taken alone (not among others), naming it, or null. */
  public static String problemOf(Message message) {
    String id = idProblem("message", message.id());
    if (id != null) {
      return id;
    }
    String problem = contentProblemOf(message);
    return problem == null ? null : "message " + message.id() + ": " + problem;
  }

  private static String contentProblemOf(Message message) {
    String body = bodyProblem(message.body());
    if (body != null) {
      return "the body " + body;
    }
    Duration ttl = message.ttl();
    if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Durations.MAX) > 0)) {
      return "ttl must be longer than 0 and at most " + Durations.format(Durations.MAX);
    }
    if (!TimeRange.contains(message.createdAt())) {
      return outOfRange("createdAt", message.createdAt());
    }
    if (ttl != null && !TimeRange.contains(message.createdAt().plus(ttl))) {
      return "createdAt plus ttl is after " + TimeRange.LATEST;
    }
    return null;
  }

  /**
   * What is wrong with a message body, or null: it is empty, or holds a NUL character, which no
   * store keeps (PostgreSQL's text cannot), so both stores refuse it alike.
   */
  public static String bodyProblem(String body) {
    if (body.isEmpty()) {
      return "is empty";
    }
    int nul = body.indexOf('\0');
    if (nul >= 0) {
      return "holds a NUL character (U+0000) at position " + (nul + 1) + ", which no store keeps";
    }
    return null;
  }

  private static String outOfRange(String field, Instant time) {
    return field
        + " "
        + time
        + " is outside the times the queue keeps ("
        + TimeRange.describe()
        + ")";
  }

  // Each time an entry keeps, by the name of its field.
  private static String timeProblemOf(Entry entry) {
    Instant[] times = {
      entry.createdAt(),
      entry.nextAttemptAt(),
      entry.deliveredAt(),
      entry.expiresAt(),
      entry.leaseExpiresAt()
    };
    String[] fields = {"createdAt", "nextAttemptAt", "deliveredAt", "expiresAt", "leaseExpiresAt"};
    for (int i = 0; i < times.length; i++) {
      if (times[i] != null && !TimeRange.contains(times[i])) {
        return outOfRange(fields[i], times[i]);
      }
    }
    return null;
  }

  private static String problemOf(
      Entry entry, Set<String> messageIds, Set<String> entryIds, long lastSeq, long nextSeq) {
    if (!entryIds.add(entry.id())) {
      return "duplicate entry id";
    }
    if (!messageIds.contains(entry.messageId())) {
      return "refers to unknown message " + Quoted.of(entry.messageId());
    }
    if (entry.seq() <= lastSeq || entry.seq() >= nextSeq) {
      return "sequence number " + entry.seq() + " out of order";
    }
    return contentProblemOf(entry);
  }

  /**
   * The first problem of one entry taken alone (not its place among others), naming it, or null.
   */
  public static String problemOf(Entry entry) {
    String id = idProblem("entry", entry.id());
    if (id != null) {
      return id;
    }
    String problem = contentProblemOf(entry);
    return problem == null ? null : "entry " + entry.id() + ": " + problem;
  }

  private static String contentProblemOf(Entry entry) {
    if (!AgentNames.isValid(entry.recipient())) {
      return "invalid recipient name '" + entry.recipient() + "'";
    }
    if (entry.attempts() < 0) {
      return "negative attempts";
    }
    if (entry.state() == EntryState.PROCESSING
        && (entry.leaseOwner() == null || entry.leaseExpiresAt() == null)) {
      return "PROCESSING without a lease";
    }
    if (entry.state() == EntryState.DELIVERED && entry.deliveredAt() == null) {
      return "DELIVERED without deliveredAt";
    }
    return timeProblemOf(entry);
  }
}
