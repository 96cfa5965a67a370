package queue.postgres;

import java.sql.Connection;
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
import queue.core.api.StatusReport;
import queue.core.model.EntryState;
import queue.core.model.Message;

/**
 * {@link Reports}: plain reads, which take no lock a writer waits for. Status counts come from
 * {@link StatusQuery}.
 */
final class PostgresReports implements Reports {
  private final Database database;
  private final StatusQuery status;

  PostgresReports(Database database, Clock clock) {
    this.database = database;
    this.status = new StatusQuery(clock);
  }

  @Override
  public StatusReport status() {
    return database.transaction(status::run);
  }

  private static final Sql LIST =
      Sql.of(
          """
          SELECT %s, m.body
          FROM queue_entries e
          JOIN queue_messages m ON m.id = e.message_id
          WHERE (:state::text IS NULL OR e.state = :state)
            AND (:agent::text IS NULL OR e.recipient = :agent)
          ORDER BY e.seq
          LIMIT :limit
          """
              .formatted(Rows.ENTRY));

  @Override
  public List<EntryView> list(EntryState state, String agent, int limit) {
    return database.transaction(
        connection -> {
          List<EntryView> views = new ArrayList<>();
          try (Sql.Statement statement = LIST.prepare(connection)) {
            statement
                .text("state", state == null ? null : state.name())
                .text("agent", agent)
                .bigint("limit", limit > 0 ? Long.valueOf(limit) : null);
            try (ResultSet rs = statement.query()) {
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
                  "SELECT id FROM queue_messages WHERE id LIKE :pattern ESCAPE '\\'",
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
                      + " WHERE message_id LIKE :pattern ESCAPE '\\'",
                  "message");
          return retired == null ? Optional.empty() : Optional.of(fromHistory(connection, retired));
        });
  }

  private static final Sql RETIRED_MESSAGE =
      Sql.of(
          """
          SELECT sender, body, created_at
          FROM queue_history
          WHERE message_id = :id
          LIMIT 1
          """);

  private static MessageStatus fromHistory(Connection connection, String id) throws SQLException {
    try (Sql.Statement statement = RETIRED_MESSAGE.prepare(connection);
        ResultSet rs = statement.text("id", id).query()) {
      rs.next();
      return new MessageStatus(
          id,
          rs.getString("sender"),
          rs.getString("body"),
          Rows.instant(rs, "created_at"),
          everyEntryOf(connection, id));
    }
  }

  // A retired entry in the columns of Rows.ENTRY.
  private static final Sql EVERY_ENTRY_OF =
      Sql.of(
          """
          SELECT %s
          FROM queue_entries e
          JOIN queue_messages m ON m.id = e.message_id
          WHERE e.message_id = :id
          UNION ALL
          SELECT h.entry_id AS id, h.message_id, h.recipient, h.sender, h.seq, h.created_at,
                 'DELIVERED' AS state, h.attempts, h.next_attempt_at, h.last_error,
                 h.delivered_at, h.expires_at, NULL AS lease_owner, 0 AS lease_token,
                 NULL::timestamptz AS lease_expires_at
          FROM queue_history h
          WHERE h.message_id = :id
          ORDER BY id
          """
              .formatted(Rows.ENTRY));

  /**
   * Where each entry of a message is, queued or moved to history (retention moves a message's
   * entries one by one), in queue order.
   */
  private static List<RecipientState> everyEntryOf(Connection connection, String messageId)
      throws SQLException {
    return recipientStates(connection, EVERY_ENTRY_OF, messageId);
  }

  private static final Sql RECENT =
      Sql.of(
          """
          SELECT %s
          FROM queue_messages m
          ORDER BY m.id DESC
          LIMIT :limit
          """
              .formatted(Rows.MESSAGE));

  @Override
  public List<MessageStatus> recentMessages(int limit) {
    return database.transaction(
        connection -> {
          List<Message> messages = new ArrayList<>();
          try (Sql.Statement statement = RECENT.prepare(connection);
              ResultSet rs = statement.integer("limit", limit).query()) {
            while (rs.next()) {
              messages.add(Rows.message(rs));
            }
          }
          List<MessageStatus> recent = new ArrayList<>(messages.size());
          for (Message message : messages) {
            recent.add(
                new MessageStatus(
                    message.id(),
                    message.sender(),
                    message.body(),
                    message.createdAt(),
                    recipientStates(connection, ENTRIES_OF, message.id())));
          }
          return recent;
        });
  }

  private static final Sql MESSAGE =
      Sql.of(
          """
          SELECT %s
          FROM queue_messages m
          WHERE m.id = :id
          """
              .formatted(Rows.MESSAGE));

  private static Message messageById(Connection connection, String id) throws SQLException {
    try (Sql.Statement statement = MESSAGE.prepare(connection);
        ResultSet rs = statement.text("id", id).query()) {
      rs.next();
      return Rows.message(rs);
    }
  }

  /** The queued entries of a message, in queue order. */
  private static final Sql ENTRIES_OF =
      Sql.of(
          """
          SELECT %s
          FROM queue_entries e
          JOIN queue_messages m ON m.id = e.message_id
          WHERE e.message_id = :id
          ORDER BY e.seq
          """
              .formatted(Rows.ENTRY));

  private static List<RecipientState> recipientStates(
      Connection connection, Sql entries, String messageId) throws SQLException {
    List<RecipientState> states = new ArrayList<>();
    try (Sql.Statement statement = entries.prepare(connection);
        ResultSet rs = statement.text("id", messageId).query()) {
      while (rs.next()) {
        states.add(RecipientState.of(Rows.entry(rs)));
      }
    }
    return states;
  }
}
