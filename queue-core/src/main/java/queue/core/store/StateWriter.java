package queue.core.store;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import queue.core.Durations;
import queue.core.json.InstantText;
import queue.core.json.Json;
import queue.core.json.JsonTrees;
import queue.core.model.Message;
import queue.core.store.StateCodec.AgentsFile;
import queue.core.store.StateCodec.MarkerFile;
import queue.core.store.StateCodec.QueueFile;
import queue.core.store.StateCodec.RecordFile;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Writes {@code queue.json} and {@code agents.json} from their on-disk shapes, field by field in
 * the order of the shapes' components; a null field is left out and map keys are sorted.
 */
final class StateWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
  private final JsonGenerator out =
      Json.factory().createGenerator(ObjectWriteContext.empty(), bytes);

  private StateWriter() {}

  static byte[] queueFile(QueueFile file) {
    StateWriter writer = new StateWriter();
    JsonGenerator out = writer.out;
    out.writeStartObject();
    out.writeNumberProperty("version", file.version());
    out.writeNumberProperty("nextSeq", file.nextSeq());
    writer.number("lastKey", file.lastKey());
    writer.number("agentsStamp", file.agentsStamp());
    writer.number("journal", file.journal());
    writer.counters(file.delivered(), file.lastDeliveredAt());
    writer.messages("messages", file.messages());
    writer.entries(file.entries());
    out.writeEndObject();
    return writer.finish();
  }

  /** A journal record: its counters first, then what it removed, then what it puts. */
  static byte[] record(RecordFile record) {
    StateWriter writer = new StateWriter();
    JsonGenerator out = writer.out;
    out.writeStartObject();
    out.writeNumberProperty("nextSeq", record.nextSeq());
    writer.number("lastKey", record.lastKey());
    writer.number("agentsStamp", record.agentsStamp());
    if (!record.delivered().isEmpty() || !record.lastDeliveredAt().isEmpty()) {
      writer.counters(record.delivered(), record.lastDeliveredAt());
    }
    writer.strings("removedMessages", record.removedMessages());
    writer.strings("removedEntries", record.removedEntries());
    writer.messages("messages", record.messages());
    writer.entries(record.entries());
    out.writeEndObject();
    return writer.finish();
  }

  /** A journal's first line: the queue.json it follows. */
  static byte[] marker(MarkerFile marker) {
    StateWriter writer = new StateWriter();
    JsonGenerator out = writer.out;
    out.writeStartObject();
    out.writeNumberProperty("version", marker.version());
    writer.number("queueBytes", marker.queueBytes());
    writer.string("queueCrc", marker.queueCrc());
    writer.number("queueModifiedNanos", marker.queueModifiedNanos());
    writer.string("queueFileKey", marker.queueFileKey());
    out.writeEndObject();
    return writer.finish();
  }

  private void counters(Map<String, Long> delivered, Map<String, Instant> lastDeliveredAt) {
    out.writeName("delivered");
    out.writeStartObject();
    for (Map.Entry<String, Long> count : new TreeMap<>(delivered).entrySet()) {
      number(count.getKey(), count.getValue());
    }
    out.writeEndObject();
    if (lastDeliveredAt != null && !lastDeliveredAt.isEmpty()) {
      out.writeName("lastDeliveredAt");
      out.writeStartObject();
      for (Map.Entry<String, Instant> at : new TreeMap<>(lastDeliveredAt).entrySet()) {
        instant(at.getKey(), at.getValue());
      }
      out.writeEndObject();
    }
  }

  private void messages(String name, List<Message> messages) {
    if (messages == null) {
      return;
    }
    out.writeName(name);
    out.writeStartArray();
    for (Message message : messages) {
      message(message);
    }
    out.writeEndArray();
  }

  private void entries(List<StoredEntry> entries) {
    if (entries == null) {
      return;
    }
    out.writeName("entries");
    out.writeStartArray();
    for (StoredEntry entry : entries) {
      entry(entry);
    }
    out.writeEndArray();
  }

  static byte[] agentsFile(AgentsFile file) {
    StateWriter writer = new StateWriter();
    JsonGenerator out = writer.out;
    out.writeStartObject();
    out.writeNumberProperty("version", file.version());
    writer.number("stamp", file.stamp());
    out.writeName("agents");
    out.writeStartArray();
    for (StoredAgent agent : file.agents()) {
      writer.agent(agent);
    }
    out.writeEndArray();
    out.writeEndObject();
    return writer.finish();
  }

  private void message(Message message) {
    out.writeStartObject();
    string("id", message.id());
    string("sender", message.sender());
    string("body", message.body());
    instant("createdAt", message.createdAt());
    string("idempotencyKey", message.idempotencyKey());
    strings("recipients", message.recipients());
    duration("ttl", message.ttl());
    // A message that starts its thread names none: the file stays as it was before threads.
    string("threadId", message.threadId().equals(message.id()) ? null : message.threadId());
    string("inReplyTo", message.inReplyTo());
    if (message.notice() != null) {
      out.writeName("notice");
      out.writeStartObject();
      string("recipient", message.notice().recipient());
      string("state", message.notice().state().name());
      string("error", message.notice().error());
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private void entry(StoredEntry entry) {
    out.writeStartObject();
    string("id", entry.id());
    string("messageId", entry.messageId());
    string("recipient", entry.recipient());
    out.writeNumberProperty("seq", entry.seq());
    string("state", entry.state().name());
    number("attempts", entry.attempts());
    instant("nextAttemptAt", entry.nextAttemptAt());
    string("lastError", entry.lastError());
    instant("deliveredAt", entry.deliveredAt());
    instant("expiresAt", entry.expiresAt());
    string("leaseOwner", entry.leaseOwner());
    number("leaseToken", entry.leaseToken());
    instant("leaseExpiresAt", entry.leaseExpiresAt());
    out.writeEndObject();
  }

  private void agent(StoredAgent agent) {
    out.writeStartObject();
    string("name", agent.name());
    string("transport", agent.transport());
    if (agent.target() != null) {
      out.writeName("target");
      JsonTrees.write(out, agent.target());
    }
    instant("registeredAt", agent.registeredAt());
    string("host", agent.host());
    if (agent.pinned() != null) {
      out.writeBooleanProperty("pinned", agent.pinned());
    }
    if (agent.paused() != null) {
      out.writeBooleanProperty("paused", agent.paused());
    }
    strings("groups", agent.groups());
    out.writeEndObject();
  }

  private void string(String name, String value) {
    if (value != null) {
      out.writeStringProperty(name, value);
    }
  }

  private void number(String name, Number value) {
    if (value != null) {
      out.writeNumberProperty(name, value.longValue());
    }
  }

  private void instant(String name, Instant value) {
    if (value != null) {
      out.writeStringProperty(name, InstantText.formatUtc(value));
    }
  }

  private void duration(String name, Duration value) {
    if (value != null) {
      out.writeStringProperty(name, Durations.format(value));
    }
  }

  private void strings(String name, List<String> values) {
    if (values != null) {
      out.writeName(name);
      out.writeStartArray();
      for (String value : values) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
  }

  private byte[] finish() {
    out.close();
    return bytes.toByteArray();
  }
}
