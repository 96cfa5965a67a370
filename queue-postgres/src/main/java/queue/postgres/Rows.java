package queue.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import queue.core.Ids;
import queue.core.Quoted;
import queue.core.TimeRange;
import queue.core.error.CorruptStateException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notice;
import queue.core.model.Target;

/**
 * The columns the store reads, and how rows become model records and back. Times are {@code
 * timestamptz}, which keeps microseconds: instants are truncated to them before they are written,
 * so what is read back equals what was written.
 */
final class Rows {
  /** An entry joined with its message ({@code e} and {@code m}). */
  static final String ENTRY =
      "e.id, e.message_id, e.recipient, m.sender, e.seq, e.created_at, e.state, e.attempts,"
          + " e.next_attempt_at, e.last_error, e.delivered_at, e.expires_at, e.lease_owner,"
          + " e.lease_token, e.lease_expires_at";

  /** Where a message ({@code m}) stands in its conversation. */
  private static final String CONVERSATION =
      "m.thread_id, m.in_reply_to, m.notice_recipient, m.notice_state, m.notice_error";

  /** A message ({@code m}). */
  static final String MESSAGE =
      "m.id, m.sender, m.body, m.created_at, m.idempotency_key, m.recipients, m.ttl_ms, "
          + CONVERSATION;

  /** The rest of an entry's message, beside {@link #ENTRY}. */
  static final String MESSAGE_OF_ENTRY =
      "m.body, m.idempotency_key, m.recipients, m.ttl_ms, m.created_at AS message_created_at, "
          + CONVERSATION;

  /** An agent ({@code a}); {@link #setAgent} names its parameters as these columns. */
  static final String AGENT =
      "a.name, a.transport, a.target, a.registered_at, a.host, a.pinned, a.paused, a.groups";

  private Rows() {}

  static Entry entry(ResultSet rs) throws SQLException {
    return new Entry.Builder(
            id(rs, "id"),
            id(rs, "message_id"),
            rs.getString("recipient"),
            rs.getString("sender"),
            rs.getLong("seq"),
            instant(rs, "created_at"))
        .state(EntryState.valueOf(rs.getString("state")))
        .attempts(rs.getInt("attempts"))
        .nextAttemptAt(instant(rs, "next_attempt_at"))
        .lastError(rs.getString("last_error"))
        .deliveredAt(instant(rs, "delivered_at"))
        .expiresAt(instant(rs, "expires_at"))
        .lease(
            rs.getString("lease_owner"), rs.getLong("lease_token"), instant(rs, "lease_expires_at"))
        .build();
  }

  static Message message(ResultSet rs) throws SQLException {
    return message(rs, "id", "created_at");
  }

  /** The message of a row read with {@link #ENTRY} and {@link #MESSAGE_OF_ENTRY}. */
  static Message messageOfEntry(ResultSet rs) throws SQLException {
    return message(rs, "message_id", "message_created_at");
  }

  private static Message message(ResultSet rs, String idColumn, String createdAtColumn)
      throws SQLException {
    long ttl = rs.getLong("ttl_ms");
    Duration ttlOrNull = rs.wasNull() ? null : Duration.ofMillis(ttl);
    String noticeState = rs.getString("notice_state");
    Notice notice =
        noticeState == null
            ? null
            : new Notice(
                rs.getString("notice_recipient"),
                EntryState.valueOf(noticeState),
                rs.getString("notice_error"));
    return new Message(
        id(rs, idColumn),
        rs.getString("sender"),
        rs.getString("body"),
        instant(rs, createdAtColumn),
        rs.getString("idempotency_key"),
        texts(rs, "recipients"),
        ttlOrNull,
        id(rs, "thread_id"),
        idOrNull(rs, "in_reply_to"),
        notice);
  }

  /** The id in {@code column}, which may be null. */
  static String idOrNull(ResultSet rs, String column) throws SQLException {
    return rs.getString(column) == null ? null : id(rs, column);
  }

  // An id becomes a file name (an inbox file): one the store never gives out is refused, not used.
  static String id(ResultSet rs, String column) throws SQLException {
    String id = rs.getString(column);
    if (!Ids.isValid(id)) {
      throw new CorruptStateException(
          "the database holds an invalid id "
              + Quoted.of(id)
              + " in column "
              + column
              + "; ids are 8 characters of 0-9 and a-z (or UUIDs): remove the row, or restore the"
              + " database from a backup",
          null);
    }
    return id;
  }

  static Agent agent(ResultSet rs) throws SQLException {
    return Agent.of(
            rs.getString("name"),
            rs.getString("transport"),
            Target.parse(rs.getString("target")),
            instant(rs, "registered_at"))
        .withHost(rs.getString("host"), rs.getBoolean("pinned"))
        .withPaused(rs.getBoolean("paused"))
        .withGroups(texts(rs, "groups"));
  }

  /** Sets an agent's parameters, named as its columns in {@link #AGENT}. */
  static Sql.Statement setAgent(Sql.Statement statement, Agent agent) throws SQLException {
    return statement
        .text("name", agent.name())
        .text("transport", agent.transport())
        .text("target", agent.target().toJson())
        .instant("registered_at", agent.registeredAt())
        .text("host", agent.host())
        .bool("pinned", agent.pinned())
        .bool("paused", agent.paused())
        .texts("groups", agent.groups());
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    if (time == null) {
      return null;
    }
    Instant instant = time.toInstant();
    if (!TimeRange.contains(instant)) {
      throw new CorruptStateException(
          "the database holds the time "
              + instant
              + " in column "
              + column
              + ", outside the times the queue keeps ("
              + TimeRange.describe()
              + "); correct the row, or restore the database from a backup",
          null);
    }
    return instant;
  }

  static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
    }
  }

  /** {@code instant} as the database keeps it. */
  static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }

  static List<String> texts(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    return array == null ? null : Arrays.asList((String[]) array.getArray());
  }

  static Array textArray(Connection connection, java.util.Collection<String> values)
      throws SQLException {
    return connection.createArrayOf("text", values.toArray(new String[0]));
  }
}
