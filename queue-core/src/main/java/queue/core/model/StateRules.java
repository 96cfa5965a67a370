package queue.core.model;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import queue.core.agents.AgentNames;

/**
 * What makes a state valid, however it arrived (a state file, an import): each check returns the
 * first problem in words, naming the item and the field, or null when there is none.
 */
public final class StateRules {
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

  private static String problemOf(Agent agent) {
    switch (agent.transport()) {
      case EXEC -> {
        if (agent.exec() == null || agent.exec().isEmpty() || agent.exec().get(0).isBlank()) {
          return "field 'exec' must hold the command to run";
        }
      }
      case HTTP -> {
        if (!isHttpUrl(agent.url())) {
          return "field 'url' must be an http:// or https:// URL, not " + agent.url();
        }
      }
      case INBOX, PULL -> {
        // Nothing more is needed: an inbox defaults to inbox/NAME.
      }
    }
    AgentSettings settings = agent.settings();
    if (settings.maxAttempts() != null && settings.maxAttempts() < 1) {
      return "field 'maxAttempts' must be at least 1, not " + settings.maxAttempts();
    }
    if (settings.timeout() != null
        && (settings.timeout().isNegative() || settings.timeout().isZero())) {
      return "field 'timeout' must be longer than 0";
    }
    return null;
  }

  private static boolean isHttpUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** The first problem of a queue's content, or null. */
  public static String problemIn(QueueState state) {
    // Below 1 the next entry would get a sequence number the next read refuses as out of order.
    if (state.nextSeq() < 1) {
      return "nextSeq " + state.nextSeq() + " is below 1";
    }
    Set<String> messageIds = new HashSet<>();
    for (Message message : state.messages()) {
      if (!messageIds.add(message.id())) {
        return "duplicate message id " + message.id();
      }
      if (message.ttl() != null && (message.ttl().isNegative() || message.ttl().isZero())) {
        return "message " + message.id() + ": ttl must be longer than 0";
      }
    }
    Set<String> entryIds = new HashSet<>();
    long lastSeq = 0;
    for (Entry entry : state.entries()) {
      String problem = problemOf(entry, messageIds, entryIds, lastSeq, state.nextSeq());
      if (problem != null) {
        return "entry " + entry.id() + ": " + problem;
      }
      lastSeq = entry.seq();
    }
    for (var counter : state.delivered().entrySet()) {
      if (counter.getValue() == null || counter.getValue() < 0) {
        return "delivered count of " + counter.getKey() + " is " + counter.getValue();
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
      return "refers to unknown message " + entry.messageId();
    }
    if (entry.seq() <= lastSeq || entry.seq() >= nextSeq) {
      return "sequence number " + entry.seq() + " out of order";
    }
    return problemOf(entry);
  }

  /** The first problem of one entry taken alone (not its place among others), or null. */
  public static String problemOf(Entry entry) {
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
    return null;
  }
}
