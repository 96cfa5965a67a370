package queue.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.Upkeep;
import queue.core.error.Refusals;
import queue.core.model.EntryState;

/**
 * {@link Upkeep}: retry, purge and retention, each one transaction. Retention moves entries into
 * {@code queue_history} with one statement (DELETE ... RETURNING feeding an INSERT), so nothing is
 * written outside the transaction and a crash leaves no entry in both places or in neither.
 */
final class PostgresUpkeep implements Upkeep {
  private static final String IDS_LIKE =
      "SELECT id FROM queue_messages WHERE id LIKE ? ESCAPE '\\'"
          + " UNION ALL SELECT id FROM queue_entries WHERE id LIKE ? ESCAPE '\\'";
  // A retried entry keeps its last error; a TTL starts again from now.
  private static final String RETRY =
      "UPDATE queue_entries e SET state = 'PENDING', attempts = 0, next_attempt_at = ?,"
          + " lease_owner = NULL, lease_token = 0, lease_expires_at = NULL,"
          + " expires_at = CASE WHEN m.ttl_ms IS NULL THEN e.expires_at"
          + " ELSE ? + m.ttl_ms * interval '1 millisecond' END"
          + " FROM queue_messages m WHERE m.id = e.message_id AND e.state = 'FAILED'";
  private static final String DELETE_ORPHAN_MESSAGES =
      "DELETE FROM queue_messages m WHERE m.id = ANY(?)"
          + " AND NOT EXISTS (SELECT 1 FROM queue_entries e WHERE e.message_id = m.id)";
  private static final String RETIRE =
      "WITH moved AS (DELETE FROM queue_entries WHERE state = 'DELIVERED' AND delivered_at < ?"
          + " RETURNING *)"
          + " INSERT INTO queue_history (entry_id, message_id, recipient, sender, seq, created_at,"
          + " attempts, next_attempt_at, last_error, delivered_at, expires_at, body)"
          + " SELECT moved.id, moved.message_id, moved.recipient, m.sender, moved.seq,"
          + " moved.created_at, moved.attempts, moved.next_attempt_at, moved.last_error,"
          + " moved.delivered_at, moved.expires_at, m.body"
          + " FROM moved JOIN queue_messages m ON m.id = moved.message_id"
          + " RETURNING message_id";

  private final Database database;
  private final Clock clock;

  PostgresUpkeep(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public int retry(List<String> ids) {
    return database.transaction(
        connection -> {
          Set<String> chosen = new LinkedHashSet<>();
          for (String typed : new LinkedHashSet<>(ids)) {
            chosen.addAll(failedEntries(connection, typed));
          }
          return retryWhere(connection, " AND e.id = ANY(?)", chosen);
        });
  }

  /** The FAILED entries {@code typed} names (an entry, or every entry of a message). */
  private static List<String> failedEntries(Connection connection, String typed)
      throws SQLException {
    String id = resolve(connection, typed);
    List<String> failed = new ArrayList<>();
    String firstState = null;
    if (id != null) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT id, state FROM queue_entries WHERE id = ? OR message_id = ?"
                  + " ORDER BY seq FOR UPDATE")) {
        ps.setString(1, id);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            firstState = firstState == null ? rs.getString(2) : firstState;
            if (EntryState.FAILED.name().equals(rs.getString(2))) {
              failed.add(rs.getString(1));
            }
          }
        }
      }
    }
    if (firstState == null) {
      throw Refusals.noSuchEntry(typed);
    }
    if (failed.isEmpty()) {
      throw Refusals.nothingToRetry(typed, firstState);
    }
    return failed;
  }

  private static String resolve(Connection connection, String typed) throws SQLException {
    return PrefixLookup.resolve(connection, typed, IDS_LIKE, "entry or message");
  }

  @Override
  public int retryAll() {
    return database.transaction(connection -> retryWhere(connection, "", null));
  }

  private int retryWhere(Connection connection, String condition, Set<String> ids)
      throws SQLException {
    Instant now = Rows.micros(clock.instant());
    int retried;
    try (PreparedStatement ps = connection.prepareStatement(RETRY + condition)) {
      Rows.setInstant(ps, 1, now);
      Rows.setInstant(ps, 2, now);
      if (ids != null) {
        ps.setArray(3, Rows.textArray(connection, ids));
      }
      retried = ps.executeUpdate();
    }
    if (retried > 0) {
      PostgresChanges.notify(connection);
    }
    return retried;
  }

  @Override
  public int purge(Set<EntryState> states, Duration olderThan) {
    Set<EntryState> targets =
        states.isEmpty() ? Set.of(EntryState.DELIVERED, EntryState.FAILED) : states;
    return database.transaction(
        connection -> {
          List<String> messages = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "DELETE FROM queue_entries WHERE state = ANY(?)"
                      + " AND (?::timestamptz IS NULL OR created_at < ?) RETURNING message_id")) {
            ps.setArray(1, Rows.textArray(connection, targets.stream().map(Enum::name).toList()));
            Instant cutoff = olderThan == null ? null : clock.instant().minus(olderThan);
            Rows.setInstant(ps, 2, cutoff);
            Rows.setInstant(ps, 3, cutoff);
            collect(ps, messages);
          }
          deleteOrphanMessages(connection, messages);
          return messages.size();
        });
  }

  @Override
  public int retire(Duration retain) {
    return database.transaction(
        connection -> {
          List<String> messages = new ArrayList<>();
          try (PreparedStatement ps = connection.prepareStatement(RETIRE)) {
            Rows.setInstant(ps, 1, clock.instant().minus(retain));
            collect(ps, messages);
          }
          deleteOrphanMessages(connection, messages);
          return messages.size();
        });
  }

  /** Every commit is already in the tables: PostgreSQL's own log is its server's business. */
  @Override
  public void checkpoint() {
    // Nothing to fold.
  }

  private static void collect(PreparedStatement ps, List<String> messageIds) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        messageIds.add(rs.getString(1));
      }
    }
  }

  /** Removes the messages no entry refers to any more: their idempotency keys are forgotten. */
  static void deleteOrphanMessages(Connection connection, List<String> messageIds)
      throws SQLException {
    if (messageIds.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(DELETE_ORPHAN_MESSAGES)) {
      Array ids = Rows.textArray(connection, new LinkedHashSet<>(messageIds));
      ps.setArray(1, ids);
      ps.executeUpdate();
    }
  }
}
