package queue.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import queue.core.Durations;
import queue.core.json.JsonTrees;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notice;
import queue.core.store.StateCodec.AgentsFile;
import queue.core.store.StateCodec.MarkerFile;
import queue.core.store.StateCodec.QueueFile;
import queue.core.store.StateCodec.QueueHead;
import queue.core.store.StateCodec.RecordFile;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code queue.json} and {@code agents.json} into their on-disk shapes, field by field: an
 * unknown field, a value of the wrong type or an object its type refuses is an error naming its
 * place; a field left out is null (0 for a number the shape cannot leave out).
 */
final class StateReader {
  private static final EntryState[] STATES = EntryState.values();
  private static final String[] STATE_NAMES = namesOf(STATES);

  private StateReader() {}

  static QueueFile queueFile(TokenReader in) {
    in.startDocument();
    int version = 0;
    long nextSeq = 0;
    Long lastKey = null;
    Long agentsStamp = null;
    Long journal = null;
    Map<String, Long> delivered = null;
    Map<String, Instant> lastDeliveredAt = null;
    List<Message> messages = null;
    List<StoredEntry> entries = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "version" -> version = in.intValue();
        case "nextSeq" -> nextSeq = in.longValue();
        case "lastKey" -> lastKey = in.longOrNull();
        case "agentsStamp" -> agentsStamp = in.longOrNull();
        case "journal" -> journal = in.longOrNull();
        case "delivered" -> delivered = counts(in);
        case "lastDeliveredAt" -> lastDeliveredAt = instants(in);
        case "messages" -> messages = messages(in);
        case "entries" -> entries = entries(in);
        default -> throw in.unknownField();
      }
    }
    in.endDocument();
    return new QueueFile(
        version,
        nextSeq,
        lastKey,
        agentsStamp,
        journal,
        delivered,
        lastDeliveredAt,
        messages,
        entries);
  }

  /**
   * The small fields {@code queue.json} writes before its messages, read up to the first of the
   * long ones: what a send needs, without parsing the queue.
   */
  static QueueHead queueHead(TokenReader in) {
    in.startDocument();
    int version = 0;
    long nextSeq = 0;
    Long lastKey = null;
    Long agentsStamp = null;
    Long journal = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "version" -> version = in.intValue();
        case "nextSeq" -> nextSeq = in.longValue();
        case "lastKey" -> lastKey = in.longOrNull();
        case "agentsStamp" -> agentsStamp = in.longOrNull();
        case "journal" -> journal = in.longOrNull();
        default -> {
          return new QueueHead(version, nextSeq, lastKey, agentsStamp, journal);
        }
      }
    }
    return new QueueHead(version, nextSeq, lastKey, agentsStamp, journal);
  }

  static RecordFile record(TokenReader in) {
    in.startDocument();
    long nextSeq = 0;
    Long lastKey = null;
    Long agentsStamp = null;
    Map<String, Long> delivered = null;
    Map<String, Instant> lastDeliveredAt = null;
    List<String> removedMessages = null;
    List<String> removedEntries = null;
    List<Message> messages = null;
    List<StoredEntry> entries = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "nextSeq" -> nextSeq = in.longValue();
        case "lastKey" -> lastKey = in.longOrNull();
        case "agentsStamp" -> agentsStamp = in.longOrNull();
        case "delivered" -> delivered = counts(in);
        case "lastDeliveredAt" -> lastDeliveredAt = instants(in);
        case "removedMessages" -> removedMessages = in.strings();
        case "removedEntries" -> removedEntries = in.strings();
        case "messages" -> messages = messages(in);
        case "entries" -> entries = entries(in);
        default -> throw in.unknownField();
      }
    }
    in.endDocument();
    return new RecordFile(
        nextSeq,
        lastKey,
        agentsStamp,
        delivered,
        lastDeliveredAt,
        removedMessages,
        removedEntries,
        messages,
        entries);
  }

  static MarkerFile marker(TokenReader in) {
    in.startDocument();
    int version = 0;
    Long queueBytes = null;
    String queueCrc = null;
    Long queueModifiedNanos = null;
    String queueFileKey = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "version" -> version = in.intValue();
        case "queueBytes" -> queueBytes = in.longOrNull();
        case "queueCrc" -> queueCrc = in.string();
        case "queueModifiedNanos" -> queueModifiedNanos = in.longOrNull();
        case "queueFileKey" -> queueFileKey = in.string();
        default -> throw in.unknownField();
      }
    }
    in.endDocument();
    return new MarkerFile(version, queueBytes, queueCrc, queueModifiedNanos, queueFileKey);
  }

  static AgentsFile agentsFile(TokenReader in) {
    in.startDocument();
    int version = 0;
    Long stamp = null;
    List<StoredAgent> agents = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "version" -> version = in.intValue();
        case "stamp" -> stamp = in.longOrNull();
        case "agents" -> agents = agents(in);
        default -> throw in.unknownField();
      }
    }
    in.endDocument();
    return new AgentsFile(version, stamp, agents);
  }

  private static Map<String, Long> counts(TokenReader in) {
    if (!in.isObject()) {
      return null;
    }
    Map<String, Long> counts = new HashMap<>();
    while (in.nextField()) {
      counts.put(in.name(), in.longOrNull());
    }
    return counts;
  }

  private static Map<String, Instant> instants(TokenReader in) {
    if (!in.isObject()) {
      return null;
    }
    Map<String, Instant> instants = new HashMap<>();
    while (in.nextField()) {
      instants.put(in.name(), in.instant());
    }
    return instants;
  }

  private static List<Message> messages(TokenReader in) {
    if (!in.isArray()) {
      return null;
    }
    List<Message> messages = new ArrayList<>();
    while (in.nextElement()) {
      messages.add(in.isObject() ? message(in) : null);
    }
    return messages;
  }

  private static Message message(TokenReader in) {
    String id = null;
    String sender = null;
    String body = null;
    Instant createdAt = null;
    String idempotencyKey = null;
    List<String> recipients = null;
    Duration ttl = null;
    String threadId = null;
    String inReplyTo = null;
    Notice notice = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "id" -> id = in.string();
        case "sender" -> sender = in.string();
        case "body" -> body = in.string();
        case "createdAt" -> createdAt = in.instant();
        case "idempotencyKey" -> idempotencyKey = in.string();
        case "recipients" -> recipients = in.strings();
        case "ttl" -> ttl = in.duration();
        case "threadId" -> threadId = in.string();
        case "inReplyTo" -> inReplyTo = in.string();
        case "notice" -> notice = in.isObject() ? notice(in) : null;
        default -> throw in.unknownField();
      }
    }
    try {
      return new Message(
          id,
          sender,
          body,
          createdAt,
          idempotencyKey,
          recipients,
          ttl,
          threadId,
          inReplyTo,
          notice);
    } catch (NullPointerException | IllegalArgumentException e) {
      throw in.invalid(e);
    }
  }

  private static Notice notice(TokenReader in) {
    String recipient = null;
    EntryState state = null;
    String error = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "recipient" -> recipient = in.string();
        case "state" -> state = in.choice(STATES, STATE_NAMES);
        case "error" -> error = in.string();
        default -> throw in.unknownField();
      }
    }
    try {
      return new Notice(recipient, state, error);
    } catch (NullPointerException e) {
      throw in.invalid(e);
    }
  }

  private static List<StoredEntry> entries(TokenReader in) {
    if (!in.isArray()) {
      return null;
    }
    List<StoredEntry> entries = new ArrayList<>();
    while (in.nextElement()) {
      entries.add(in.isObject() ? entry(in) : null);
    }
    return entries;
  }

  private static StoredEntry entry(TokenReader in) {
    String id = null;
    String messageId = null;
    String recipient = null;
    long seq = 0;
    EntryState state = null;
    Integer attempts = null;
    Instant nextAttemptAt = null;
    String lastError = null;
    Instant deliveredAt = null;
    Instant expiresAt = null;
    String leaseOwner = null;
    Long leaseToken = null;
    Instant leaseExpiresAt = null;
    while (in.nextField()) {
      switch (in.name()) {
        case "id" -> id = in.string();
        case "messageId" -> messageId = in.string();
        case "recipient" -> recipient = in.string();
        case "seq" -> seq = in.longValue();
        case "state" -> state = in.choice(STATES, STATE_NAMES);
        case "attempts" -> attempts = in.intOrNull();
        case "nextAttemptAt" -> nextAttemptAt = in.instant();
        case "lastError" -> lastError = in.string();
        case "deliveredAt" -> deliveredAt = in.instant();
        case "expiresAt" -> expiresAt = in.instant();
        case "leaseOwner" -> leaseOwner = in.string();
        case "leaseToken" -> leaseToken = in.longOrNull();
        case "leaseExpiresAt" -> leaseExpiresAt = in.instant();
        default -> throw in.unknownField();
      }
    }
    return new StoredEntry(
        id,
        messageId,
        recipient,
        seq,
        state,
        attempts,
        nextAttemptAt,
        lastError,
        deliveredAt,
        expiresAt,
        leaseOwner,
        leaseToken,
        leaseExpiresAt);
  }

  private static List<StoredAgent> agents(TokenReader in) {
    if (!in.isArray()) {
      return null;
    }
    List<StoredAgent> agents = new ArrayList<>();
    while (in.nextElement()) {
      agents.add(in.isObject() ? agent(in) : null);
    }
    return agents;
  }

  private static StoredAgent agent(TokenReader in) {
    String name = null;
    String transport = null;
    ObjectNode target = null;
    Instant registeredAt = null;
    String host = null;
    Boolean pinned = null;
    Boolean paused = null;
    List<String> groups = null;
    ObjectNode beforeTargets = JsonTrees.object();
    while (in.nextField()) {
      switch (in.name()) {
        case "name" -> name = in.string();
        case "transport" -> transport = in.string();
        case "target" -> target = in.object();
        case "registeredAt" -> registeredAt = in.instant();
        case "host" -> host = in.string();
        case "pinned" -> pinned = in.booleanOrNull();
        case "paused" -> paused = in.booleanOrNull();
        case "groups" -> groups = in.strings();
        default -> readBeforeTargets(in, beforeTargets);
      }
    }
    return new StoredAgent(
        name,
        transport,
        target,
        registeredAt,
        host,
        pinned,
        paused,
        groups,
        beforeTargets.isEmpty() ? null : beforeTargets);
  }

  // A field of version 1, with the type it had then: the target's now (LegacyAgents).
  private static void readBeforeTargets(TokenReader in, ObjectNode fields) {
    switch (in.name()) {
      case "inbox", "url", "secretFile" -> putIfSet(fields, in.name(), in.string());
      case "exec", "headers" -> {
        List<String> values = in.strings();
        if (values != null) {
          values.forEach(fields.putArray(in.name())::add);
        }
      }
      case "maxAttempts" -> {
        Integer value = in.intOrNull();
        if (value != null) {
          fields.put("maxAttempts", value.intValue());
        }
      }
      case "timeout" -> {
        Duration value = in.duration();
        putIfSet(fields, "timeout", value == null ? null : Durations.format(value));
      }
      default -> throw in.unknownField();
    }
  }

  private static void putIfSet(ObjectNode fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }

  private static String[] namesOf(EntryState[] states) {
    String[] names = new String[states.length];
    for (int i = 0; i < states.length; i++) {
      names[i] = states[i].name();
    }
    return names;
  }
}
