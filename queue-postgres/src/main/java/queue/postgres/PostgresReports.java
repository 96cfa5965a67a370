package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import queue.core.api.EntryView;
import queue.core.api.MessageStatus;
import queue.core.api.MessageStatus.RecipientState;
import queue.core.api.Reports;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;

/**
 * {@link Reports}: plain reads, which take no lock a writer waits for. Status counts come from
 * {@link StatusQuery}.
 */
final class PostgresReports implements Reports {
  // A retired entry in the columns of Rows.ENTRY.
  private static final String HISTORY_ENTRY =
      "h.entry_id AS id, h.message_id, h.recipient, h.sender, h.seq, h.created_at,"
          + " 'DELIVERED' AS state, h.attempts, h.next_attempt_at, h.last_error, h.delivered_at,"
          + " h.expires_at, NULL AS lease_owner, 0 AS lease_token, NULL::timestamptz AS lease_expires_at";

  private final Database database;
  private final StatusQuery status;

  PostgresReports(Database database, Clock clock) {
    this.database = database;
    this.status = new StatusQuery(clock);
  }

  @Override
  public queue.core.api.StatusReport status() {
    return database.transaction(status::run);
  }

  @Override
  public List<EntryView> list(EntryState state, String agent, int limit) {
    return database.transaction(
        connection -> {
          List<EntryView> views = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT "
                      + Rows.ENTRY
                      + ", m.body FROM queue_entries e JOIN queue_messages m ON m.id = e.message_id"
                      + " WHERE (?::text IS NULL OR e.state = ?) AND (?::text IS NULL OR"
                      + " e.recipient = ?) ORDER BY e.seq LIMIT ?")) {
            String stateName = state == null ? null : state.name();
            ps.setString(1, stateName);
            ps.setString(2, stateName);
            ps.setString(3, agent);
            ps.setString(4, agent);
            ps.setObject(5, limit > 0 ? Long.valueOf(limit) : null, java.sql.Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                views.add(new EntryView(Rows.entry(rs), rs.getString("body")));
              }
            }
          }
          return views;
        });
  }

  @Override
  public Optional<MessageStatus> message(String idOrPrefix) {
    return database.transaction(
        connection -> {
          String id =
              PrefixLookup.resolve(
                  connection,
                  idOrPrefix,
                  "SELECT id FROM queue_messages WHERE id LIKE ? ESCAPE '\\'",
                  "message");
          if (id != null) {
            Message message = messageById(connection, id);
            return Optional.of(
                new MessageStatus(
                    id,
                    message.sender(),
                    message.body(),
                    message.createdAt(),
                    everyEntryOf(connection, id)));
          }
          String retired =
              PrefixLookup.resolve(
                  connection,
                  idOrPrefix.trim().toLowerCase(Locale.ROOT),
                  "SELECT DISTINCT message_id AS id FROM queue_history"
                      + " WHERE message_id LIKE ? ESCAPE '\\'",
                  "message");
          return retired == null ? Optional.empty() : Optional.of(fromHistory(connection, retired));
        });
  }

  private static MessageStatus fromHistory(Connection connection, String id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT sender, body, created_at FROM queue_history WHERE message_id = ? LIMIT 1")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new MessageStatus(
            id,
            rs.getString("sender"),
            rs.getString("body"),
            Rows.instant(rs, "created_at"),
            everyEntryOf(connection, id));
      }
    }
  }

  /**
   * Where each entry of a message is, queued or moved to history (retention moves a message's
   * entries one by one), in queue order.
   */
  private static List<RecipientState> everyEntryOf(Connection connection, String messageId)
      throws SQLException {
    List<RecipientState> states = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT "
                + Rows.ENTRY
                + " FROM queue_entries e JOIN queue_messages m ON m.id = e.message_id"
                + " WHERE e.message_id = ?"
                + " UNION ALL SELECT "
                + HISTORY_ENTRY
                + " FROM queue_history h WHERE h.message_id = ? ORDER BY id")) {
      ps.setString(1, messageId);
      ps.setString(2, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.add(recipientState(Rows.entry(rs)));
        }
      }
    }
    return states;
  }

  @Override
  public List<MessageStatus> recentMessages(int limit) {
    return database.transaction(
        connection -> {
          List<Message> messages = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT " + Rows.MESSAGE + " FROM queue_messages m ORDER BY m.id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                messages.add(Rows.message(rs));
              }
            }
          }
          List<MessageStatus> recent = new ArrayList<>(messages.size());
          for (Message message : messages) {
            recent.add(statusOf(connection, message));
          }
          return recent;
        });
  }

  private static Message messageById(Connection connection, String id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT " + Rows.MESSAGE + " FROM queue_messages m WHERE m.id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Rows.message(rs);
      }
    }
  }

  private static MessageStatus statusOf(Connection connection, Message message)
      throws SQLException {
    return new MessageStatus(
        message.id(),
        message.sender(),
        message.body(),
        message.createdAt(),
        entriesOf(connection, message.id()));
  }

  /** The queued entries of a message, in queue order. */
  private static List<RecipientState> entriesOf(Connection connection, String messageId)
      throws SQLException {
    List<RecipientState> states = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT "
                + Rows.ENTRY
                + " FROM queue_entries e JOIN queue_messages m ON m.id = e.message_id"
                + " WHERE e.message_id = ? ORDER BY e.seq")) {
      ps.setString(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.add(recipientState(Rows.entry(rs)));
        }
      }
    }
    return states;
  }

  private static RecipientState recipientState(Entry e) {
    return new RecipientState(
        e.recipient(),
        e.id(),
        e.state(),
        e.attempts(),
        e.lastError(),
        e.deliveredAt(),
        e.nextAttemptAt());
  }
}
