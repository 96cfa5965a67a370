package queue.cli.receive;

import java.time.Instant;

/**
 * A message as {@code inbox} and {@code receive} print it.
 *
 * @param id the entry id (the inbox file's name)
 * @param document the whole message, which --json writes as one line of JSON
 */
record ShownMessage(String id, String from, Instant createdAt, String body, Object document) {}
