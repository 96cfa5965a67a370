package queue.cli.receive;

import java.nio.file.Path;
import java.time.Instant;
import queue.core.documents.AgentMessage;
import tools.jackson.databind.JsonNode;

/**
 * A message as {@code inbox} and {@code receive} print it.
 *
 * @param id the entry id (the inbox file's name)
 * @param inReplyTo the message it answers; null when it answers none
 * @param document the whole message, which --json writes as one line of JSON
 */
record ShownMessage(
    String id, String from, Instant createdAt, String body, String inReplyTo, Object document) {

  /** A message as the queue hands it to its recipient. */
  static ShownMessage of(AgentMessage message) {
    return new ShownMessage(
        message.id(),
        message.from(),
        message.createdAt(),
        message.body(),
        message.inReplyTo(),
        message);
  }

  /**
   * An inbox file's message; a field it lacks is shown as its name's id, "?", the epoch or empty.
   *
   * @throws java.time.DateTimeException if its {@code createdAt} is not an ISO-8601 instant
   */
  static ShownMessage ofInboxFile(Path file, JsonNode node) {
    String name = file.getFileName().toString();
    String id = text(node, "id", name.substring(0, name.length() - ".json".length()));
    return new ShownMessage(
        id,
        text(node, "from", "?"),
        Instant.parse(text(node, "createdAt", Instant.EPOCH.toString())),
        text(node, "body", ""),
        text(node, "inReplyTo", null),
        node);
  }

  private static String text(JsonNode node, String field, String otherwise) {
    JsonNode value = node.get(field);
    return value == null || !value.isString() ? otherwise : value.asString();
  }
}
