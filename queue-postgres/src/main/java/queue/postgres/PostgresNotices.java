package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import queue.core.Ids;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.Notices;

/**
 * Queues, inside the transaction that failed some entries (a settle, a claim's expiry sweep, a
 * forced removal), the non-delivery notices they owe: {@link Notices} decides, in Java, the rule of
 * every store. It takes its ids from {@code queue_meta} as a send does, and is the last thing its
 * transaction locks, so a transaction that holds that row waits for nothing else.
 */
final class PostgresNotices {
  private PostgresNotices() {}

  private static final Sql FAILED =
      Sql.of(
          """
          SELECT %s, %s,
                 EXISTS (SELECT 1 FROM queue_agents a WHERE a.name = m.sender) AS sender_registered
          FROM queue_entries e
          JOIN queue_messages m ON m.id = e.message_id
          WHERE e.id = ANY(:ids)
            AND e.state = 'FAILED'
          ORDER BY e.seq
          """
              .formatted(Rows.ENTRY, Rows.MESSAGE_OF_ENTRY));

  // Two ids per notice, its message's and its entry's; an entry's sequence number is its id's key.
  private static final Sql TAKE_IDS =
      Sql.of(
          """
          UPDATE queue_meta
          SET last_key = greatest(last_key + 1, :tick) + :count - 1
          RETURNING last_key - (:count - 1) AS first_key
          """);

  /**
   * Queues the notices owed for the entries {@code failedIds} names, which this transaction has
   * just made FAILED, and signals the change.
   *
   * @return how many notices were queued
   */
  static int queueOwed(Connection connection, Collection<String> failedIds, Instant now)
      throws SQLException {
    if (failedIds.isEmpty()) {
      return 0;
    }
    List<Entry> owing = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    try (Sql.Statement statement = FAILED.prepare(connection)) {
      try (ResultSet rs = statement.texts("ids", failedIds).query()) {
        while (rs.next()) {
          Entry entry = Rows.entry(rs);
          Message message = Rows.messageOfEntry(rs);
          if (Notices.owed(message, entry, rs.getBoolean("sender_registered"))) {
            owing.add(entry);
            messages.add(message);
          }
        }
      }
    }
    if (owing.isEmpty()) {
      return 0;
    }
    long key = takeIds(connection, 2 * owing.size(), now);
    List<Message> notices = new ArrayList<>(owing.size());
    List<Entry> entries = new ArrayList<>(owing.size());
    for (int i = 0; i < owing.size(); i++, key += 2) {
      Message notice = Notices.about(Ids.format(key), messages.get(i), owing.get(i), now);
      notices.add(notice);
      entries.add(
          Entry.queued(Ids.format(key + 1), notice, notice.recipients().get(0), key + 1, now));
    }
    MessageRows.insertMessages(connection, notices);
    MessageRows.insertEntries(connection, entries);
    PostgresChanges.notify(connection);
    return notices.size();
  }

  private static long takeIds(Connection connection, int count, Instant now) throws SQLException {
    try (Sql.Statement statement = TAKE_IDS.prepare(connection)) {
      statement.bigint("tick", Ids.nextKey(0, now)).bigint("count", (long) count);
      try (ResultSet rs = statement.query()) {
        rs.next();
        return rs.getLong("first_key");
      }
    }
  }
}
