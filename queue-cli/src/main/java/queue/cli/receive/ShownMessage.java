package queue.cli.receive;

import java.time.Instant;
import queue.core.documents.AgentMessage;

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
}
