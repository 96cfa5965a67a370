package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import queue.core.rules.Replies.Original;

/**
 * Finds the message a user names, by its id or one of its entries' (or a unique prefix of 8 or more
 * characters), still queued or retired to history, with the rules and words of the file store: what
 * a reply answers and a thread is read from. A message never changes once sent.
 */
final class PostgresMessages {
  private static final String IDS_LIKE =
      """
      SELECT id FROM queue_messages WHERE id LIKE :pattern ESCAPE '\\'
      UNION SELECT id FROM queue_entries WHERE id LIKE :pattern ESCAPE '\\'
      UNION SELECT message_id FROM queue_history WHERE message_id LIKE :pattern ESCAPE '\\'
      UNION SELECT entry_id FROM queue_history WHERE entry_id LIKE :pattern ESCAPE '\\'
      """;

  // A message gone from queue_messages left with its last entry: all its entries are in history.
  private static final Sql ORIGINAL =
      Sql.of(
          """
          WITH named AS (
            SELECT coalesce(
                (SELECT message_id FROM queue_entries WHERE id = :id),
                (SELECT message_id FROM queue_history WHERE entry_id = :id),
                :id) AS message_id)
          SELECT m.id AS message_id, m.thread_id, m.sender, m.recipients
          FROM queue_messages m, named n
          WHERE m.id = n.message_id
          UNION ALL
          SELECT h.message_id, h.thread_id, h.sender, array_agg(h.recipient ORDER BY h.seq)
          FROM queue_history h, named n
          WHERE h.message_id = n.message_id
            AND NOT EXISTS (SELECT 1 FROM queue_messages m WHERE m.id = n.message_id)
          GROUP BY h.message_id, h.thread_id, h.sender
          """);

  private PostgresMessages() {}

  static Optional<Original> find(Connection connection, String typed) throws SQLException {
    String id = PrefixLookup.resolve(connection, typed, IDS_LIKE, "message or entry");
    if (id == null) {
      return Optional.empty();
    }
    try (Sql.Statement statement = ORIGINAL.prepare(connection);
        ResultSet rs = statement.text("id", id).query()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Original(
              Rows.id(rs, "message_id"),
              Rows.id(rs, "thread_id"),
              rs.getString("sender"),
              Rows.texts(rs, "recipients")));
    }
  }
}
