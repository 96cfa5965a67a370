package queue.cli.receive;

import java.time.Instant;

/**
 * A message as {@code inbox} and {@code receive} print it.
 *
 * @param id the entry id (the inbox file's name)
 * @param json the whole message as one line of JSON, for --json
 */
record ShownMessage(String id, String from, Instant createdAt, String body, String json) {}
