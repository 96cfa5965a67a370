package queue.core.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import queue.core.agents.AgentNames;
import queue.core.error.CorruptStateException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the state files into model objects and back. Parsing has size and depth limits, no
 * polymorphic typing, and validation: a file that fails any check is refused with a {@link
 * CorruptStateException} naming the file and the problem, never replaced.
 */
public final class StateCodec {
  public static final int VERSION = 1;

  private final JsonMapper mapper;

  public StateCodec() {
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxStringLength(8 * 1024 * 1024)
            .maxNameLength(256)
            .maxNumberLength(32)
            .build();
    this.mapper =
        JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addModule(
                new tools.jackson.databind.module.SimpleModule("queue-instants")
                    .addDeserializer(java.time.Instant.class, new InstantText())
                    .addSerializer(java.time.Instant.class, new InstantText.Writer()))
            .changeDefaultPropertyInclusion(
                incl ->
                    incl.withValueInclusion(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();
  }

  /** The on-disk shape of {@code queue.json}. */
  record QueueFile(
      int version,
      long nextSeq,
      Map<String, Long> delivered,
      List<Message> messages,
      List<StoredEntry> entries) {}

  /** The on-disk shape of {@code agents.json}. */
  record AgentsFile(int version, List<Agent> agents) {}

  public byte[] encodeQueue(QueueState state) {
    return mapper.writeValueAsBytes(
        new QueueFile(
            VERSION,
            state.nextSeq(),
            state.delivered(),
            state.messages(),
            state.entries().stream().map(StoredEntry::of).toList()));
  }

  public byte[] encodeAgents(List<Agent> agents) {
    return mapper.writeValueAsBytes(new AgentsFile(VERSION, agents));
  }

  public QueueState decodeQueue(Path file, byte[] bytes) {
    QueueFile parsed = parse(file, bytes, QueueFile.class);
    checkVersion(file, parsed.version());
    try {
      List<Message> messages = require(file, parsed.messages(), "messages");
      QueueState state =
          new QueueState(
              parsed.nextSeq(),
              require(file, parsed.delivered(), "delivered"),
              messages,
              entriesOf(file, require(file, parsed.entries(), "entries"), messages));
      validate(file, state);
      return state;
    } catch (NullPointerException | IllegalArgumentException e) {
      throw corrupt(file, e.getMessage(), e);
    }
  }

  private static List<Entry> entriesOf(
      Path file, List<StoredEntry> stored, List<Message> messages) {
    Map<String, Message> byId = new HashMap<>();
    messages.forEach(m -> byId.put(m.id(), m));
    List<Entry> entries = new ArrayList<>(stored.size());
    for (StoredEntry entry : stored) {
      Message message = byId.get(entry.messageId());
      if (message == null) {
        throw corrupt(
            file, "entry " + entry.id() + ": refers to unknown message " + entry.messageId(), null);
      }
      entries.add(entry.toEntry(message));
    }
    return entries;
  }

  public List<Agent> decodeAgents(Path file, byte[] bytes) {
    AgentsFile parsed = parse(file, bytes, AgentsFile.class);
    checkVersion(file, parsed.version());
    List<Agent> agents = require(file, parsed.agents(), "agents");
    Set<String> names = new HashSet<>();
    for (Agent agent : agents) {
      if (agent == null || !AgentNames.isValid(agent.name()) || !names.add(agent.name())) {
        throw corrupt(
            file, "invalid or duplicate agent " + (agent == null ? null : agent.name()), null);
      }
    }
    return agents;
  }

  private <T> T parse(Path file, byte[] bytes, Class<T> type) {
    if (bytes.length == 0) {
      throw corrupt(file, "the file is empty", null);
    }
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw corrupt(file, "the file holds null", null);
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      // Jackson's own text names our internal classes; name the place in the file instead.
      throw corrupt(file, "unknown field " + placeOf(e), e);
    } catch (JacksonException e) {
      String place = e.getPath().isEmpty() ? "" : " at " + placeOf(e);
      throw corrupt(file, e.getOriginalMessage() + place, e);
    }
  }

  /** Where in the file an error is, as {@code entries[0].sender}. */
  private static String placeOf(JacksonException e) {
    StringBuilder place = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        place.append(place.length() == 0 ? "" : ".").append(reference.getPropertyName());
      } else {
        place.append('[').append(reference.getIndex()).append(']');
      }
    }
    return "'" + place + "'";
  }

  private static void validate(Path file, QueueState state) {
    // Below 1 the next entry would get a sequence number the next read refuses as out of order.
    if (state.nextSeq() < 1) {
      throw corrupt(file, "nextSeq " + state.nextSeq() + " is below 1", null);
    }
    Set<String> messageIds = new HashSet<>();
    for (Message message : state.messages()) {
      if (!messageIds.add(message.id())) {
        throw corrupt(file, "duplicate message id " + message.id(), null);
      }
    }
    Set<String> entryIds = new HashSet<>();
    long lastSeq = 0;
    for (Entry entry : state.entries()) {
      String problem = problemOf(entry, messageIds, entryIds, lastSeq, state.nextSeq());
      if (problem != null) {
        throw corrupt(file, "entry " + entry.id() + ": " + problem, null);
      }
      lastSeq = entry.seq();
    }
    state
        .delivered()
        .forEach(
            (agent, count) -> {
              if (count == null || count < 0) {
                throw corrupt(file, "delivered count of " + agent + " is " + count, null);
              }
            });
  }

  private static String problemOf(
      Entry entry, Set<String> messageIds, Set<String> entryIds, long lastSeq, long nextSeq) {
    if (!entryIds.add(entry.id())) {
      return "duplicate entry id";
    }
    if (!messageIds.contains(entry.messageId())) {
      return "refers to unknown message " + entry.messageId();
    }
    if (!AgentNames.isValid(entry.recipient())) {
      return "invalid recipient name '" + entry.recipient() + "'";
    }
    if (entry.seq() <= lastSeq || entry.seq() >= nextSeq) {
      return "sequence number " + entry.seq() + " out of order";
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

  private static void checkVersion(Path file, int version) {
    if (version != VERSION) {
      throw corrupt(
          file,
          "unsupported version " + version + " (this queue reads version " + VERSION + ")",
          null);
    }
  }

  private static <T> T require(Path file, T value, String field) {
    if (value == null) {
      throw corrupt(file, "missing field '" + field + "'", null);
    }
    return value;
  }

  static CorruptStateException corrupt(Path file, String problem, Throwable cause) {
    return new CorruptStateException(
        file
            + " is unreadable: "
            + problem
            + ". Nothing was changed; run 'queue doctor' for the way back",
        cause);
  }
}
