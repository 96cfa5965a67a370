package queue.postgres;

import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import queue.core.api.Conversations;
import queue.core.api.DueEntry;
import queue.core.api.ThreadView;
import queue.core.model.EntryState;
import queue.core.rules.Replies.Original;

/** {@link Conversations}: plain reads, which take no lock a writer waits for. */
final class PostgresConversations implements Conversations {
  private final Database database;
  private final Clock clock;

  PostgresConversations(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  // Every entry of the thread's messages, queued or retired (retention moves an entry in one
  // statement: it is in one table or the other).
  private static final Sql THREAD =
      Sql.of(
          """
          SELECT m.id AS message_id, m.in_reply_to, m.sender, m.created_at, m.body,
                 e.id AS entry_id, e.recipient, e.state
          FROM queue_messages m
          JOIN queue_entries e ON e.message_id = m.id
          WHERE m.thread_id = :thread
          UNION ALL
          SELECT h.message_id, h.in_reply_to, h.sender, h.created_at, h.body,
                 h.entry_id, h.recipient, 'DELIVERED'
          FROM queue_history h
          WHERE h.thread_id = :thread
          """);

  @Override
  public Optional<ThreadView> thread(String idOrPrefix) {
    return database.transaction(
        connection -> {
          Optional<Original> named = PostgresMessages.find(connection, idOrPrefix);
          if (named.isEmpty()) {
            return Optional.empty();
          }
          String threadId = named.get().threadId();
          List<ThreadView.Row> rows = new ArrayList<>();
          try (Sql.Statement statement = THREAD.prepare(connection);
              ResultSet rs = statement.text("thread", threadId).query()) {
            while (rs.next()) {
              rows.add(
                  new ThreadView.Row(
                      Rows.id(rs, "message_id"),
                      Rows.idOrNull(rs, "in_reply_to"),
                      rs.getString("sender"),
                      Rows.instant(rs, "created_at"),
                      rs.getString("body"),
                      Rows.id(rs, "entry_id"),
                      rs.getString("recipient"),
                      EntryState.valueOf(rs.getString("state"))));
            }
          }
          return Optional.of(ThreadView.of(threadId, rows));
        });
  }

  // What a receiver's claim could take now, read without a lock: queue_claimable is the claim's.
  private static final Sql PEEK =
      Sql.of(
          """
          SELECT %s, %s
          FROM queue_entries e
          JOIN queue_messages m ON m.id = e.message_id
          WHERE e.recipient = :agent
            AND e.state IN ('PENDING', 'PROCESSING')
            AND queue_claimable(e.state, e.next_attempt_at, e.expires_at, e.lease_expires_at, :now)
          ORDER BY e.seq
          LIMIT :limit
          """
              .formatted(Rows.ENTRY, Rows.MESSAGE_OF_ENTRY));

  @Override
  public List<DueEntry> peek(String agent, int limit) {
    return database.transaction(
        connection -> {
          List<DueEntry> due = new ArrayList<>();
          try (Sql.Statement statement = PEEK.prepareUnplanned(connection)) {
            statement
                .text("agent", agent)
                .instant("now", clock.instant())
                .bigint("limit", limit > 0 ? Long.valueOf(limit) : null);
            try (ResultSet rs = statement.query()) {
              while (rs.next()) {
                due.add(new DueEntry(Rows.entry(rs), Rows.messageOfEntry(rs)));
              }
            }
          }
          return due;
        });
  }
}
