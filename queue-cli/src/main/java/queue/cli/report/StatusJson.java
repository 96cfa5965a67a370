package queue.cli.report;

import java.io.StringWriter;
import queue.core.api.ProcessorInfo;
import queue.core.documents.StatusDocument;
import queue.core.json.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The status document as {@code queue status --json} prints it, written token by token: exactly
 * what the command line's mapper writes for it ({@code StatusJsonTest} holds the two together),
 * without building a mapper. Scripts call {@code status --json} in loops, and building the mapper
 * and binding the document's records was about a third of a cold start.
 */
final class StatusJson {
  private final JsonGenerator out;

  private StatusJson(JsonGenerator out) {
    this.out = out;
  }

  static String of(StatusDocument document) {
    StringWriter text = new StringWriter(1024);
    try (JsonGenerator out = Json.factory().createGenerator(ObjectWriteContext.empty(), text)) {
      new StatusJson(out).document(document);
    }
    return text.toString();
  }

  private void document(StatusDocument document) {
    out.writeStartObject();
    out.writeName("totals");
    totals(document.totals());
    out.writeName("agents");
    out.writeStartArray();
    for (StatusDocument.AgentRow agent : document.agents()) {
      agent(agent);
    }
    out.writeEndArray();
    out.writeName("processor");
    processor(document.processor());
    if (document.message() != null) {
      out.writeName("message");
      message(document.message());
    }
    out.writeEndObject();
  }

  private void totals(StatusDocument.Totals totals) {
    out.writeStartObject();
    out.writeNumberProperty("pending", totals.pending());
    out.writeNumberProperty("processing", totals.processing());
    out.writeNumberProperty("delivered", totals.delivered());
    out.writeNumberProperty("failed", totals.failed());
    out.writeNumberProperty("scheduled", totals.scheduled());
    out.writeEndObject();
  }

  private void agent(StatusDocument.AgentRow agent) {
    out.writeStartObject();
    JsonTokens.string(out, "name", agent.name());
    out.writeNumberProperty("pending", agent.pending());
    out.writeNumberProperty("processing", agent.processing());
    out.writeNumberProperty("delivered", agent.delivered());
    out.writeNumberProperty("failed", agent.failed());
    out.writeNumberProperty("scheduled", agent.scheduled());
    out.writeBooleanProperty("paused", agent.paused());
    out.writeBooleanProperty("registered", agent.registered());
    JsonTokens.string(out, "transport", agent.transport());
    out.writeName("groups");
    out.writeStartArray();
    for (String group : agent.groups()) {
      out.writeString(group);
    }
    out.writeEndArray();
    JsonTokens.instant(out, "lastDeliveredAt", agent.lastDeliveredAt());
    JsonTokens.string(out, "lastError", agent.lastError());
    out.writeEndObject();
  }

  private void processor(StatusDocument.Processor processor) {
    out.writeStartObject();
    out.writeBooleanProperty("running", processor.running());
    out.writeNumberProperty("count", processor.count());
    out.writeName("pids");
    out.writeStartArray();
    for (Long pid : processor.pids()) {
      out.writeNumber(pid);
    }
    out.writeEndArray();
    out.writeName("processors");
    out.writeStartArray();
    for (ProcessorInfo running : processor.processors()) {
      out.writeStartObject();
      JsonTokens.string(out, "owner", running.owner());
      JsonTokens.string(out, "host", running.host());
      out.writeNumberProperty("pid", running.pid());
      JsonTokens.instant(out, "startedAt", running.startedAt());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private void message(StatusDocument.MessageRow message) {
    out.writeStartObject();
    JsonTokens.string(out, "messageId", message.messageId());
    JsonTokens.string(out, "sender", message.sender());
    JsonTokens.instant(out, "createdAt", message.createdAt());
    out.writeName("recipients");
    out.writeStartArray();
    for (StatusDocument.RecipientRow recipient : message.recipients()) {
      recipient(recipient);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private void recipient(StatusDocument.RecipientRow recipient) {
    out.writeStartObject();
    JsonTokens.string(out, "recipient", recipient.recipient());
    JsonTokens.string(out, "entryId", recipient.entryId());
    JsonTokens.string(out, "state", recipient.state());
    out.writeNumberProperty("attempts", recipient.attempts());
    JsonTokens.string(out, "lastError", recipient.lastError());
    JsonTokens.instant(out, "deliveredAt", recipient.deliveredAt());
    JsonTokens.instant(out, "nextAttemptAt", recipient.nextAttemptAt());
    out.writeEndObject();
  }
}
