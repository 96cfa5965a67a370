package queue.postgres;

import java.sql.Connection;
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
          return retry(connection, RETRY_ENTRIES, chosen);
        });
  }

  private static final String IDS_LIKE =
      """
      SELECT id FROM queue_messages WHERE id LIKE :pattern ESCAPE '\\'
      UNION ALL
      SELECT id FROM queue_entries WHERE id LIKE :pattern ESCAPE '\\'
      """;

  private static final Sql ENTRIES_OF =
      Sql.of(
          """
          SELECT e.id, e.state, e.recipient,
                 EXISTS (SELECT 1 FROM queue_agents a WHERE a.name = e.recipient) AS registered
          FROM queue_entries e
          WHERE e.id = :id OR e.message_id = :id
          ORDER BY e.seq
          FOR UPDATE OF e
          """);

  /** The FAILED entries {@code typed} names (an entry, or every entry of a message). */
  private static List<String> failedEntries(Connection connection, String typed)
      throws SQLException {
    String id = PrefixLookup.resolve(connection, typed, IDS_LIKE, "entry or message");
    List<String> failed = new ArrayList<>();
    String firstState = null;
    String removedRecipient = null;
    if (id != null) {
      try (Sql.Statement statement = ENTRIES_OF.prepare(connection);
          ResultSet rs = statement.text("id", id).query()) {
        while (rs.next()) {
          firstState = firstState == null ? rs.getString("state") : firstState;
          if (!EntryState.FAILED.name().equals(rs.getString("state"))) {
            continue;
          }
          if (rs.getBoolean("registered")) {
            failed.add(rs.getString("id"));
          } else if (removedRecipient == null) {
            removedRecipient = rs.getString("recipient");
          }
        }
      }
    }
    if (firstState == null) {
      throw Refusals.noSuchEntry(typed);
    }
    if (failed.isEmpty()) {
      throw removedRecipient != null
          ? Refusals.retryForRemovedAgent(typed, removedRecipient)
          : Refusals.nothingToRetry(typed, firstState);
    }
    return failed;
  }

  @Override
  public int retryAll() {
    return database.transaction(connection -> retry(connection, RETRY_ALL, null));
  }

  // A retried entry keeps its last error; a TTL starts again from now. An entry for an agent
  // removed since stays FAILED: no unfinished entry is for anyone but a registered agent. The
  // agent's row lock (FOR KEY SHARE, as a send takes) makes an `agents remove` either finish first,
  // so the entry stays FAILED, or wait and then count the retried entry as unfinished.
  private static final String RETRY =
      """
      UPDATE queue_entries e
      SET state = 'PENDING',
          attempts = 0,
          next_attempt_at = :now,
          lease_owner = NULL,
          lease_token = 0,
          lease_expires_at = NULL,
          expires_at = CASE WHEN m.ttl_ms IS NULL THEN e.expires_at
                            ELSE :now + m.ttl_ms * interval '1 millisecond' END
      FROM queue_messages m
      WHERE m.id = e.message_id
        AND e.state = 'FAILED'
        AND EXISTS (SELECT 1 FROM queue_agents a WHERE a.name = e.recipient FOR KEY SHARE)
      """;

  private static final Sql RETRY_ALL = Sql.of(RETRY);

  private static final Sql RETRY_ENTRIES = Sql.of(RETRY + "  AND e.id = ANY(:ids)\n");

  /** Retries the FAILED entries {@code ids} names; all of them for null. */
  private int retry(Connection connection, Sql statement, Set<String> ids) throws SQLException {
    int retried;
    try (Sql.Statement retry = statement.prepare(connection)) {
      retry.instant("now", Rows.micros(clock.instant()));
      if (ids != null) {
        retry.texts("ids", ids);
      }
      retried = retry.update();
    }
    if (retried > 0) {
      PostgresChanges.notify(connection);
    }
    return retried;
  }

  private static final Sql PURGE =
      Sql.of(
          """
          DELETE FROM queue_entries
          WHERE state = ANY(:states)
            AND (:cutoff::timestamptz IS NULL OR created_at < :cutoff)
          RETURNING message_id
          """);

  @Override
  public int purge(Set<EntryState> states, Duration olderThan) {
    Set<EntryState> targets =
        states.isEmpty() ? Set.of(EntryState.DELIVERED, EntryState.FAILED) : states;
    return database.transaction(
        connection -> {
          List<String> messages = new ArrayList<>();
          try (Sql.Statement statement = PURGE.prepare(connection)) {
            Instant cutoff = olderThan == null ? null : clock.instant().minus(olderThan);
            statement
                .texts("states", targets.stream().map(Enum::name).toList())
                .instant("cutoff", cutoff);
            collect(statement, messages);
          }
          deleteOrphanMessages(connection, messages);
          return messages.size();
        });
  }

  private static final Sql RETIRE =
      Sql.of(
          """
          WITH moved AS (
            DELETE FROM queue_entries
            WHERE state = 'DELIVERED'
              AND delivered_at < :cutoff
            RETURNING *)
          INSERT INTO queue_history
            (entry_id, message_id, recipient, sender, seq, created_at, attempts, next_attempt_at,
             last_error, delivered_at, expires_at, body, thread_id, in_reply_to)
          SELECT moved.id, moved.message_id, moved.recipient, m.sender, moved.seq,
                 moved.created_at, moved.attempts, moved.next_attempt_at, moved.last_error,
                 moved.delivered_at, moved.expires_at, m.body, m.thread_id, m.in_reply_to
          FROM moved
          JOIN queue_messages m ON m.id = moved.message_id
          RETURNING message_id
          """);

  @Override
  public int retire(Duration retain) {
    return database.transaction(
        connection -> {
          List<String> messages = new ArrayList<>();
          try (Sql.Statement statement = RETIRE.prepare(connection)) {
            statement.instant("cutoff", clock.instant().minus(retain));
            collect(statement, messages);
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

  private static void collect(Sql.Statement statement, List<String> messageIds)
      throws SQLException {
    try (ResultSet rs = statement.query()) {
      while (rs.next()) {
        messageIds.add(rs.getString(1));
      }
    }
  }

  private static final Sql DELETE_ORPHAN_MESSAGES =
      Sql.of(
          """
          DELETE FROM queue_messages m
          WHERE m.id = ANY(:ids)
            AND NOT EXISTS (SELECT 1 FROM queue_entries e WHERE e.message_id = m.id)
          """);

  /** Removes the messages no entry refers to any more: their idempotency keys are forgotten. */
  static void deleteOrphanMessages(Connection connection, List<String> messageIds)
      throws SQLException {
    if (messageIds.isEmpty()) {
      return;
    }
    try (Sql.Statement statement = DELETE_ORPHAN_MESSAGES.prepare(connection)) {
      statement.texts("ids", new LinkedHashSet<>(messageIds)).update();
    }
  }
}
