package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import queue.core.Ids;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.SendRules;
import queue.core.api.Sends;
import queue.core.error.Refusals;

/**
 * {@link Sends} as one statement, committed on its own: one round trip, as a bare INSERT is. It
 * locks the recipients' rows (FOR KEY SHARE, so an agent removed meanwhile either waits for the
 * send or is gone before it looks), takes the ids by updating the one row of {@code queue_meta},
 * and inserts the message and its entries, or does nothing at all when a recipient is unknown or
 * the idempotency key was seen. Taking the ids locks that row until commit, which serializes sends:
 * id order is commit order is queue order on every host. An entry's sequence number is its id's
 * key; ids are written by {@code queue_id(key)}, the SQL twin of {@link Ids#format}.
 */
final class PostgresSends implements Sends {
  private final Database database;
  private final Clock clock;

  PostgresSends(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public SendResult send(SendRequest request) {
    SendRules.check(request);
    Optional<SendResult> result = database.statement(connection -> queue(connection, request));
    // Empty only when a send with the same key committed while this one ran: its message is there.
    return result.orElseGet(
        () ->
            database
                .statement(connection -> byKey(connection, request.idempotencyKey()))
                .orElseThrow());
  }

  // Writes nothing at all unless every named recipient is registered (a broadcast: one is) and the
  // idempotency key is new; the answer then says which it was.
  private static final Sql SEND =
      Sql.of(
          """
          WITH wanted AS (
            SELECT :names::text[] AS names, :broadcast::boolean AS broadcast),
          agents AS (
            SELECT a.name, a.position
            FROM queue_agents a, wanted w
            WHERE w.broadcast OR a.name = ANY(w.names)
            FOR KEY SHARE OF a),
          recipients AS (
            SELECT a.name,
                   row_number() OVER (ORDER BY CASE WHEN w.broadcast THEN a.position
                                                    ELSE array_position(w.names, a.name) END)
                     AS place
            FROM agents a, wanted w),
          found AS (
            SELECT count(*) AS n, array_agg(name ORDER BY place) AS names
            FROM recipients),
          earlier AS (
            SELECT id, recipients
            FROM queue_messages
            WHERE idempotency_key = :key),
          go AS (
            SELECT f.n
            FROM found f, wanted w
            WHERE f.n > 0
              AND (w.broadcast OR f.n = cardinality(w.names))
              AND NOT EXISTS (SELECT 1 FROM earlier)),
          ids AS (
            UPDATE queue_meta
            SET last_key = greatest(last_key + 1, :tick) + go.n
            FROM go
            RETURNING last_key - go.n AS key),
          message AS (
            INSERT INTO queue_messages
              (id, sender, body, created_at, idempotency_key, recipients, ttl_ms)
            SELECT queue_id(ids.key), :sender, :body, :now, :key, found.names, :ttl_ms
            FROM ids, found
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id),
          entries AS (
            INSERT INTO queue_entries
              (id, message_id, recipient, seq, created_at, state, next_attempt_at, expires_at)
            SELECT queue_id(ids.key + r.place), message.id, r.name, ids.key + r.place, :now,
                   'PENDING', :due_at, :expires_at
            FROM ids, message, recipients r
            RETURNING 1),
          notified AS MATERIALIZED (
            SELECT pg_notify('%s', '')
            FROM message)
          SELECT (SELECT id FROM message) AS message_id,
                 (SELECT count(*) FROM entries),
                 (SELECT count(*) FROM notified),
                 (SELECT names FROM found) AS names,
                 (SELECT id FROM earlier) AS earlier_id,
                 (SELECT recipients FROM earlier) AS earlier
          """
              .formatted(PostgresChanges.CHANNEL));

  private Optional<SendResult> queue(Connection connection, SendRequest request)
      throws SQLException {
    Instant now = Rows.micros(clock.instant());
    List<String> wanted = List.copyOf(new LinkedHashSet<>(request.to()));
    Instant dueAt =
        request.notBefore() != null && request.notBefore().isAfter(now)
            ? Rows.micros(request.notBefore())
            : now;
    try (Sql.Statement statement = SEND.prepare(connection)) {
      statement
          .texts("names", wanted)
          .bool("broadcast", request.broadcast())
          .text("key", request.idempotencyKey())
          .bigint("tick", Ids.nextKey(0, now))
          .text("sender", request.sender())
          .text("body", request.body())
          .instant("now", now)
          .bigint("ttl_ms", request.ttl() == null ? null : request.ttl().toMillis())
          .instant("due_at", dueAt)
          .instant("expires_at", request.ttl() == null ? null : now.plus(request.ttl()));
      try (ResultSet rs = statement.query()) {
        rs.next();
        return answer(rs, request, wanted);
      }
    }
  }

  private static Optional<SendResult> answer(ResultSet rs, SendRequest request, List<String> wanted)
      throws SQLException {
    if (rs.getString("earlier_id") != null) {
      return Optional.of(
          new SendResult(rs.getString("earlier_id"), Rows.texts(rs, "earlier"), true));
    }
    List<String> found = rs.getArray("names") == null ? List.of() : Rows.texts(rs, "names");
    if (rs.getString("message_id") != null) {
      return Optional.of(new SendResult(rs.getString("message_id"), found, false));
    }
    refuse(request, wanted, found);
    return Optional.empty();
  }

  private static void refuse(SendRequest request, List<String> wanted, List<String> found) {
    if (request.broadcast() && found.isEmpty()) {
      throw Refusals.noAgentsToBroadcastTo();
    }
    List<String> unknown = wanted.stream().filter(name -> !found.contains(name)).toList();
    if (!unknown.isEmpty()) {
      throw Refusals.unknownRecipients(unknown);
    }
  }

  private static final Sql BY_KEY =
      Sql.of(
          """
          SELECT id, recipients
          FROM queue_messages
          WHERE idempotency_key = :key
          """);

  private static Optional<SendResult> byKey(Connection connection, String key) throws SQLException {
    try (Sql.Statement statement = BY_KEY.prepare(connection);
        ResultSet rs = statement.text("key", key).query()) {
      return rs.next()
          ? Optional.of(new SendResult(rs.getString(1), Rows.texts(rs, "recipients"), true))
          : Optional.empty();
    }
  }
}
