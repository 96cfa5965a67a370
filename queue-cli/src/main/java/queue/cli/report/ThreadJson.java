package queue.cli.report;

import java.io.StringWriter;
import queue.core.api.ThreadView;
import queue.core.json.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The thread as {@code queue thread --json} prints it, written token by token: exactly what the
 * command line's mapper writes for a {@link ThreadView} ({@code ThreadJsonTest} holds the two
 * together), without building a mapper, which is most of a cold start of {@code thread --json} (the
 * start-up archive leaves the mapper out on purpose, see {@code CdsTraining}).
 */
final class ThreadJson {
  private ThreadJson() {}

  static String of(ThreadView thread) {
    StringWriter text = new StringWriter(1024);
    try (JsonGenerator out = Json.factory().createGenerator(ObjectWriteContext.empty(), text)) {
      out.writeStartObject();
      JsonTokens.string(out, "threadId", thread.threadId());
      out.writeName("messages");
      out.writeStartArray();
      for (ThreadView.Item message : thread.messages()) {
        message(out, message);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    return text.toString();
  }

  private static void message(JsonGenerator out, ThreadView.Item message) {
    out.writeStartObject();
    JsonTokens.string(out, "messageId", message.messageId());
    JsonTokens.string(out, "inReplyTo", message.inReplyTo());
    JsonTokens.string(out, "from", message.from());
    JsonTokens.instant(out, "createdAt", message.createdAt());
    JsonTokens.string(out, "body", message.body());
    out.writeName("recipients");
    out.writeStartArray();
    for (ThreadView.Recipient recipient : message.recipients()) {
      out.writeStartObject();
      JsonTokens.string(out, "recipient", recipient.recipient());
      JsonTokens.string(out, "state", recipient.state().name());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }
}
