package queue.core.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import queue.core.Quoted;
import queue.core.error.CorruptStateException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.model.StateRules;
import tools.jackson.core.JacksonException;

/**
 * Turns the state files into model objects and back. They are read and written token by token
 * ({@link StateReader}, {@link StateWriter}), with no data binding: every command reads them, and
 * building a mapper cost a cold start more than the rest of the read. Parsing has size and depth
 * limits, no polymorphic typing, and validation: a file that fails any check is refused with a
 * {@link CorruptStateException} naming the file and the problem, never replaced.
 */
public final class StateCodec {
  public static final int VERSION = 1;

  /**
   * The version of {@code agents.json}: 2 since agents have targets; version 1 files read as they
   * did (see {@link queue.core.model.LegacyAgents}).
   */
  public static final int AGENTS_VERSION = 2;

  /** The on-disk shape of {@code queue.json}. */
  record QueueFile(
      int version,
      long nextSeq,
      Long lastKey,
      Long agentsStamp,
      Long journal,
      Map<String, Long> delivered,
      Map<String, Instant> lastDeliveredAt,
      List<Message> messages,
      List<StoredEntry> entries) {}

  /** The small fields at the start of {@code queue.json}, before its messages and entries. */
  record QueueHead(int version, long nextSeq, Long lastKey, Long agentsStamp, Long journal) {}

  /** The on-disk shape of a journal record ({@link StateChange}); a list left out is empty. */
  record RecordFile(
      long nextSeq,
      Long lastKey,
      Long agentsStamp,
      Map<String, Long> delivered,
      Map<String, Instant> lastDeliveredAt,
      List<String> removedMessages,
      List<String> removedEntries,
      List<Message> messages,
      List<StoredEntry> entries) {}

  /**
   * The on-disk shape of a journal's first line: the {@code queue.json} it follows, by its length
   * and CRC32C, and by its identity as it was saved: modification time in nanoseconds and file key
   * (device and inode, as the JDK gives them). All left out when there was none; the identity is
   * left out by journals written before it was added, and where the file system gives no key.
   */
  record MarkerFile(
      int version, Long queueBytes, String queueCrc, Long queueModifiedNanos, String queueFileKey) {

    /**
     * True when {@code id} is the file this names as saved: same size, modification time and key.
     * Never for a marker without the identity.
     */
    boolean names(StateFiles.FileId id) {
      return queueBytes != null
          && queueModifiedNanos != null
          && queueFileKey != null
          && id.key() != null
          && queueBytes == id.size()
          && queueModifiedNanos == id.modifiedNanos()
          && queueFileKey.equals(id.key().toString());
    }
  }

  /** The on-disk shape of {@code agents.json}. */
  record AgentsFile(int version, Long stamp, List<StoredAgent> agents) {}

  /**
   * A decoded state file and its stamp: {@code agents.json} carries a stamp that changes with each
   * save of it, and {@code queue.json} the stamp of the {@code agents.json} it was saved with, so a
   * reader without the lock can tell that it read two files of one transaction. 0 when missing.
   */
  public record Stamped<T>(T value, long stamp) {}

  /**
   * A decoded {@code queue.json}: the queue, the stamp of the {@code agents.json} it belongs with,
   * and the number of the last journal record it holds (0 for a file written without a journal).
   */
  record SavedQueue(QueueState queue, long agentsStamp, long journal) {}

  public byte[] encodeQueue(QueueState state, long agentsStamp) {
    return encodeQueue(state, agentsStamp, 0);
  }

  /** {@code queue.json}'s bytes: its small fields first, then its messages and entries. */
  byte[] encodeQueue(QueueState state, long agentsStamp, long journal) {
    Map<String, Message> messages = state.messagesById();
    List<StoredEntry> entries = new ArrayList<>(state.entries().size());
    for (Entry entry : state.entries()) {
      entries.add(StoredEntry.of(entry, messages.get(entry.messageId())));
    }
    return StateWriter.queueFile(
        new QueueFile(
            VERSION,
            state.nextSeq(),
            state.lastKey() == 0 ? null : state.lastKey(),
            agentsStamp == 0 ? null : agentsStamp,
            journal == 0 ? null : journal,
            state.delivered(),
            state.lastDeliveredAt().isEmpty() ? null : state.lastDeliveredAt(),
            state.messages(),
            entries));
  }

  public byte[] encodeAgents(List<Agent> agents, long stamp) {
    List<StoredAgent> stored = new ArrayList<>(agents.size());
    for (Agent agent : agents) {
      stored.add(StoredAgent.of(agent));
    }
    return StateWriter.agentsFile(new AgentsFile(AGENTS_VERSION, stamp, stored));
  }

  public Stamped<QueueState> decodeQueue(Path file, byte[] bytes) {
    SavedQueue saved = decodeSaved(file, bytes);
    return new Stamped<>(saved.queue(), saved.agentsStamp());
  }

  SavedQueue decodeSaved(Path file, byte[] bytes) {
    QueueFile parsed;
    try (TokenReader in = reader(file, bytes)) {
      try {
        parsed = StateReader.queueFile(in);
      } catch (JacksonException e) {
        throw in.parseError(e);
      }
    }
    checkVersion(file, parsed.version(), VERSION);
    try {
      List<Message> messages = require(file, parsed.messages(), "messages");
      QueueState state =
          new QueueState(
              parsed.nextSeq(),
              parsed.lastKey() == null ? 0 : parsed.lastKey(),
              require(file, parsed.delivered(), "delivered"),
              parsed.lastDeliveredAt() == null ? Map.of() : parsed.lastDeliveredAt(),
              messages,
              entriesOf(file, require(file, parsed.entries(), "entries"), messages));
      String problem = StateRules.problemIn(state);
      if (problem != null) {
        throw corrupt(file, problem, null);
      }
      return new SavedQueue(
          state,
          parsed.agentsStamp() == null ? 0 : parsed.agentsStamp(),
          parsed.journal() == null ? 0 : parsed.journal());
    } catch (NullPointerException | IllegalArgumentException e) {
      throw corrupt(file, e.getMessage(), e);
    }
  }

  /** The small fields of {@code queue.json}, read up to its messages. */
  QueueHead decodeHead(Path file, byte[] bytes) {
    QueueHead head;
    try (TokenReader in = reader(file, bytes)) {
      try {
        head = StateReader.queueHead(in);
      } catch (JacksonException e) {
        throw in.parseError(e);
      }
    }
    checkVersion(file, head.version(), VERSION);
    return head;
  }

  /** A journal record's JSON, written with the same field writers as {@code queue.json}. */
  byte[] encodeRecord(StateChange change) {
    List<StoredEntry> entries = new ArrayList<>(change.entries().size());
    for (Entry entry : change.entries()) {
      entries.add(StoredEntry.ofRecord(entry));
    }
    return StateWriter.record(
        new RecordFile(
            change.nextSeq(),
            change.lastKey() == 0 ? null : change.lastKey(),
            change.agentsStamp() == 0 ? null : change.agentsStamp(),
            change.delivered(),
            change.lastDeliveredAt(),
            nullIfEmpty(change.removedMessages()),
            nullIfEmpty(change.removedEntries()),
            nullIfEmpty(change.messages()),
            nullIfEmpty(entries)));
  }

  /** A journal record, parsed; {@code where} names the file and the record for errors. */
  RecordFile decodeRecord(Path where, byte[] json) {
    RecordFile parsed;
    try (TokenReader in = reader(where, json)) {
      try {
        parsed = StateReader.record(in);
      } catch (JacksonException e) {
        throw in.parseError(e);
      }
    }
    return new RecordFile(
        parsed.nextSeq(),
        parsed.lastKey(),
        parsed.agentsStamp(),
        parsed.delivered() == null ? Map.of() : parsed.delivered(),
        parsed.lastDeliveredAt() == null ? Map.of() : parsed.lastDeliveredAt(),
        parsed.removedMessages() == null ? List.of() : parsed.removedMessages(),
        parsed.removedEntries() == null ? List.of() : parsed.removedEntries(),
        parsed.messages() == null ? List.of() : parsed.messages(),
        parsed.entries() == null ? List.of() : parsed.entries());
  }

  byte[] encodeMarker(MarkerFile marker) {
    return StateWriter.marker(marker);
  }

  MarkerFile decodeMarker(Path where, byte[] json) {
    MarkerFile parsed;
    try (TokenReader in = reader(where, json)) {
      try {
        parsed = StateReader.marker(in);
      } catch (JacksonException e) {
        throw in.parseError(e);
      }
    }
    checkVersion(where, parsed.version(), VERSION);
    return parsed;
  }

  private static <T> List<T> nullIfEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  private static List<Entry> entriesOf(
      Path file, List<StoredEntry> stored, List<Message> messages) {
    Map<String, Message> byId = new HashMap<>();
    for (Message message : messages) {
      byId.put(message.id(), message);
    }
    List<Entry> entries = new ArrayList<>(stored.size());
    for (StoredEntry entry : stored) {
      Message message = byId.get(entry.messageId());
      if (message == null) {
        throw corrupt(
            file,
            "entry "
                + Quoted.of(entry.id())
                + ": refers to unknown message "
                + Quoted.of(entry.messageId()),
            null);
      }
      entries.add(entry.toEntry(message));
    }
    return entries;
  }

  public Stamped<List<Agent>> decodeAgents(Path file, byte[] bytes) {
    AgentsFile parsed;
    try (TokenReader in = reader(file, bytes)) {
      try {
        parsed = StateReader.agentsFile(in);
      } catch (JacksonException e) {
        throw in.parseError(e);
      }
    }
    if (parsed.version() != 1) {
      checkVersion(file, parsed.version(), AGENTS_VERSION);
    }
    List<StoredAgent> stored = require(file, parsed.agents(), "agents");
    try {
      List<Agent> agents = new ArrayList<>(stored.size());
      for (int i = 0; i < stored.size(); i++) {
        agents.add(agentOf(file, stored.get(i), i, parsed.version()));
      }
      String problem = StateRules.problemIn(agents);
      if (problem != null) {
        throw corrupt(file, problem, null);
      }
      return new Stamped<>(List.copyOf(agents), parsed.stamp() == null ? 0 : parsed.stamp());
    } catch (NullPointerException | IllegalArgumentException e) {
      throw corrupt(file, e.getMessage(), e);
    }
  }

  private static Agent agentOf(Path file, StoredAgent agent, int index, int version) {
    if (agent == null) {
      return null;
    }
    if (version != 1 && agent.beforeTargets() != null) {
      String field = agent.beforeTargets().propertyNames().iterator().next();
      throw corrupt(file, "unknown field 'agents[" + index + "]." + field + "'", null);
    }
    return agent.toAgent(version);
  }

  private static TokenReader reader(Path file, byte[] bytes) {
    if (bytes.length == 0) {
      throw corrupt(file, "the file is empty", null);
    }
    return new TokenReader(file, bytes);
  }

  private static void checkVersion(Path file, int version, int expected) {
    if (version != expected) {
      throw corrupt(
          file,
          "unsupported version " + version + " (this queue reads version " + expected + ")",
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
