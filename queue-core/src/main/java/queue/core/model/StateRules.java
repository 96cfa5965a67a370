package queue.core.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import queue.core.Durations;
import queue.core.Ids;
import queue.core.Quoted;
import queue.core.TimeRange;
import queue.core.agents.AgentNames;

/**
 * What makes a state valid, however it arrived (a state file, an import): each check returns the
 * first problem in words, naming the item and the field, or null when there is none. An import is
 * held to every rule a state file is, and to one more ({@link #problemIn(List, QueueState)}).
 */
public final class StateRules {
  private static final String ID_GRAMMAR =
      " (8 characters of 0-9 and a-z without i, l, o and u, or a UUID)";

  /** Counters and sequence numbers stay below 2^53, exact wherever JSON numbers are doubles. */
  private static final long MAX_COUNT = 1L << 53;

  private static final int MAX_HOST_LENGTH = 255;

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
        return "agents[" + i + "]: invalid name " + Quoted.of(agent.name());
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
    if (!AgentNames.isValid(agent.transport())) {
      return "invalid transport " + Quoted.of(agent.transport());
    }
    for (String group : agent.groups()) {
      if (!AgentNames.isValid(group)) {
        return "invalid group name " + Quoted.of(group);
      }
    }
    if (agent.host() != null) {
      String host = ValueRules.textProblem("host", agent.host(), MAX_HOST_LENGTH);
      if (host != null) {
        return host;
      }
    }
    return ValueRules.timeProblem("registeredAt", agent.registeredAt());
  }

  /** The first problem of a queue's content, or null. */
  public static String problemIn(QueueState state) {
    // Below 1 the next entry would get a sequence number the next read refuses as out of order.
    if (state.nextSeq() < 1 || state.nextSeq() > MAX_COUNT) {
      return "nextSeq " + state.nextSeq() + " is not between 1 and " + MAX_COUNT;
    }
    if (state.lastKey() < 0 || state.lastKey() > Ids.MAX_KEY) {
      return "lastKey " + state.lastKey() + " is not between 0 and " + Ids.MAX_KEY;
    }
    Map<String, Message> messages = new HashMap<>();
    String problem = messagesProblem(state, messages);
    if (problem == null) {
      problem = entriesProblem(state, messages);
    }
    return problem != null ? problem : countersProblem(state);
  }

  /**
   * The rule an import's agents and queue keep together: a PENDING or PROCESSING entry is for a
   * registered agent (a send to anyone else is refused, and an agent is removed only with its
   * unfinished entries failed).
   */
  public static String problemIn(List<Agent> agents, QueueState state) {
    Set<String> names = new HashSet<>();
    agents.forEach(agent -> names.add(agent.name()));
    for (Entry entry : state.entries()) {
      boolean unfinished =
          entry.state() == EntryState.PENDING || entry.state() == EntryState.PROCESSING;
      if (unfinished && !names.contains(entry.recipient())) {
        return "entry "
            + entry.id()
            + " is "
            + entry.state()
            + " for "
            + entry.recipient()
            + ", who is not a registered agent (in the store it comes from, register "
            + entry.recipient()
            + " again, or register it and remove it with --force to fail its entries, then export"
            + " again)";
      }
    }
    return null;
  }

  private static String messagesProblem(QueueState state, Map<String, Message> messages) {
    Set<String> keys = new HashSet<>();
    for (Message message : state.messages()) {
      if (!Ids.isValid(message.id())) {
        return "message id " + Quoted.of(message.id()) + " is not an id" + ID_GRAMMAR;
      }
      if (messages.put(message.id(), message) != null) {
        return "duplicate message id " + message.id();
      }
      String problem = problemOf(message, state.lastKey());
      if (problem == null
          && message.idempotencyKey() != null
          && !keys.add(message.idempotencyKey())) {
        problem = "its idempotency key is another message's too";
      }
      if (problem != null) {
        return "message " + message.id() + ": " + problem;
      }
    }
    return null;
  }

  private static String entriesProblem(QueueState state, Map<String, Message> messages) {
    Set<String> entryIds = new HashSet<>();
    long lastSeq = 0;
    for (Entry entry : state.entries()) {
      if (!Ids.isValid(entry.id())) {
        return "entry id " + Quoted.of(entry.id()) + " is not an id" + ID_GRAMMAR;
      }
      String problem =
          messages.containsKey(entry.id())
              ? "its id is a message's id too"
              : EntryRules.problemOf(entry, messages.get(entry.messageId()), entryIds);
      if (problem == null && (entry.seq() <= lastSeq || entry.seq() >= state.nextSeq())) {
        problem = "sequence number " + entry.seq() + " out of order";
      }
      if (problem == null) {
        problem = keyProblem("its id", entry.id(), state.lastKey());
      }
      if (problem != null) {
        return "entry " + entry.id() + ": " + problem;
      }
      lastSeq = entry.seq();
    }
    return null;
  }

  private static String countersProblem(QueueState state) {
    for (var counter : state.delivered().entrySet()) {
      if (!AgentNames.isValid(counter.getKey())) {
        return "delivered count of an invalid agent name " + Quoted.of(counter.getKey());
      }
      if (counter.getValue() == null || counter.getValue() < 0 || counter.getValue() > MAX_COUNT) {
        return "delivered count of " + counter.getKey() + " is " + counter.getValue();
      }
    }
    for (var last : state.lastDeliveredAt().entrySet()) {
      if (!AgentNames.isValid(last.getKey())) {
        return "last delivery to an invalid agent name " + Quoted.of(last.getKey());
      }
      if (last.getValue() == null || !TimeRange.contains(last.getValue())) {
        return "last delivery to "
            + last.getKey()
            + ": "
            + ValueRules.timeProblem("time", last.getValue());
      }
    }
    return null;
  }

  /** The first problem of a message a journal record adds, naming it, or null. */
  public static String problemOfAdded(Message message, long lastKey) {
    if (!Ids.isValid(message.id())) {
      return "message id " + Quoted.of(message.id()) + " is not an id" + ID_GRAMMAR;
    }
    String problem = problemOf(message, lastKey);
    return problem == null ? null : "message " + message.id() + ": " + problem;
  }

  /**
   * The first problem of an entry a journal record adds, beside its message, naming it, or null.
   */
  public static String problemOfAdded(Entry entry, Message message, long lastKey) {
    if (!Ids.isValid(entry.id())) {
      return "entry id " + Quoted.of(entry.id()) + " is not an id" + ID_GRAMMAR;
    }
    String problem = EntryRules.problemOf(entry, message, new HashSet<>());
    if (problem == null) {
      problem = keyProblem("its id", entry.id(), lastKey);
    }
    return problem == null ? null : "entry " + entry.id() + ": " + problem;
  }

  /**
   * The first problem of an entry a journal record changes in place, naming it, or null: its own
   * fields (state, attempts, lease, times); what it shares with the entry it replaces (id, message,
   * recipient) its reader compares.
   */
  public static String problemOfChanged(Entry entry) {
    String problem = EntryRules.ownProblemOf(entry);
    return problem == null ? null : "entry " + entry.id() + ": " + problem;
  }

  private static String problemOf(Message message, long lastKey) {
    String problem = ValueRules.textProblem("sender", message.sender(), ValueRules.MAX_NAME_LENGTH);
    if (problem == null && message.idempotencyKey() != null) {
      problem =
          ValueRules.textProblem(
              "idempotency key", message.idempotencyKey(), ValueRules.MAX_NAME_LENGTH);
    }
    if (problem == null) {
      problem = recipientsProblem(message.recipients());
    }
    if (problem == null) {
      String body = ValueRules.bodyProblem(message.body());
      problem = body == null ? null : "the body " + body;
    }
    if (problem == null) {
      problem = timesProblem(message);
    }
    if (problem == null) {
      problem = conversationProblem(message);
    }
    if (problem == null) {
      problem = keyProblem("its id", message.id(), lastKey);
    }
    if (problem == null) {
      problem = keyProblem("its threadId", message.threadId(), lastKey);
    }
    if (problem == null && message.inReplyTo() != null) {
      problem = keyProblem("its inReplyTo", message.inReplyTo(), lastKey);
    }
    return problem;
  }

  private static String recipientsProblem(List<String> recipients) {
    if (recipients.isEmpty()) {
      return "it has no recipients";
    }
    Set<String> seen = new HashSet<>();
    for (String name : recipients) {
      if (!AgentNames.isValid(name)) {
        return "invalid recipient name " + Quoted.of(name);
      }
      if (!seen.add(name)) {
        return "recipient " + name + " is named twice";
      }
    }
    return null;
  }

  private static String timesProblem(Message message) {
    Duration ttl = message.ttl();
    if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Durations.MAX) > 0)) {
      return "ttl must be longer than 0 and at most " + Durations.format(Durations.MAX);
    }
    String problem = ValueRules.timeProblem("createdAt", message.createdAt());
    if (problem == null && ttl != null && !TimeRange.contains(message.createdAt().plus(ttl))) {
      problem = "createdAt plus ttl is after " + TimeRange.LATEST;
    }
    return problem;
  }

  // Thread ids become no file names, but they are ids the queue gave out, as every id it keeps.
  private static String conversationProblem(Message message) {
    if (!Ids.isValid(message.threadId())) {
      return "threadId " + Quoted.of(message.threadId()) + " is not an id" + ID_GRAMMAR;
    }
    if (message.inReplyTo() != null && !Ids.isValid(message.inReplyTo())) {
      return "inReplyTo " + Quoted.of(message.inReplyTo()) + " is not an id" + ID_GRAMMAR;
    }
    Notice notice = message.notice();
    if (notice != null && !AgentNames.isValid(notice.recipient())) {
      return "notice of an invalid recipient name " + Quoted.of(notice.recipient());
    }
    if (notice != null && notice.state() != EntryState.FAILED) {
      return "notice of an entry that is " + notice.state() + ", not FAILED";
    }
    return null;
  }

  // The next id is taken after lastKey: an id above it would be given out again (a thread id
  // too, and the message given it would join that thread).
  private static String keyProblem(String what, String id, long lastKey) {
    long key = Ids.keyOf(id);
    return key > lastKey
        ? what + " is later than lastKey " + lastKey + " (set lastKey to at least " + key + ")"
        : null;
  }
}
