package queue.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import queue.core.model.Entry;
import queue.core.model.Message;

/**
 * Writes whole messages and entries made in Java, with every column the store keeps of them: an
 * import's, and the non-delivery notices a transaction queues. (A send writes its own in one
 * statement, {@link PostgresSends}.) Entries are written unclaimed: neither ever holds a lease.
 */
final class MessageRows {
  private MessageRows() {}

  private static final Sql INSERT_MESSAGE =
      Sql.of(
          """
          INSERT INTO queue_messages
            (id, sender, body, created_at, idempotency_key, recipients, ttl_ms,
             thread_id, in_reply_to, notice_recipient, notice_state, notice_error)
          VALUES
            (:id, :sender, :body, :created_at, :idempotency_key, :recipients, :ttl_ms,
             :thread_id, :in_reply_to, :notice_recipient, :notice_state, :notice_error)
          """);

  static void insertMessages(Connection connection, List<Message> messages) throws SQLException {
    try (Sql.Statement statement = INSERT_MESSAGE.prepare(connection)) {
      for (Message m : messages) {
        boolean notice = m.notice() != null;
        statement
            .text("id", m.id())
            .text("sender", m.sender())
            .text("body", m.body())
            .instant("created_at", m.createdAt())
            .text("idempotency_key", m.idempotencyKey())
            .texts("recipients", m.recipients())
            .bigint("ttl_ms", m.ttl() == null ? null : m.ttl().toMillis())
            .text("thread_id", m.threadId())
            .text("in_reply_to", m.inReplyTo())
            .text("notice_recipient", notice ? m.notice().recipient() : null)
            .text("notice_state", notice ? m.notice().state().name() : null)
            .text("notice_error", notice ? m.notice().error() : null)
            .addBatch();
      }
      statement.executeBatch();
    }
  }

  private static final Sql INSERT_ENTRY =
      Sql.of(
          """
          INSERT INTO queue_entries
            (id, message_id, recipient, seq, created_at, state, attempts, next_attempt_at,
             last_error, delivered_at, expires_at)
          VALUES
            (:id, :message_id, :recipient, :seq, :created_at, :state, :attempts, :next_attempt_at,
             :last_error, :delivered_at, :expires_at)
          """);

  static void insertEntries(Connection connection, List<Entry> entries) throws SQLException {
    try (Sql.Statement statement = INSERT_ENTRY.prepare(connection)) {
      for (Entry e : entries) {
        statement
            .text("id", e.id())
            .text("message_id", e.messageId())
            .text("recipient", e.recipient())
            .bigint("seq", e.seq())
            .instant("created_at", e.createdAt())
            .text("state", e.state().name())
            .integer("attempts", e.attempts())
            .instant("next_attempt_at", e.nextAttemptAt())
            .text("last_error", e.lastError())
            .instant("delivered_at", e.deliveredAt())
            .instant("expires_at", e.expiresAt())
            .addBatch();
      }
      statement.executeBatch();
    }
  }
}
