package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
import queue.core.error.InvalidInputException;

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
  // Parameters: names, broadcast, key, tick, sender, body, created at, key, ttl ms, created at,
  // due at, expires at.
  private static final String SEND =
      "WITH wanted AS (SELECT ?::text[] AS names, ?::boolean AS broadcast),"
          + " agents AS (SELECT a.name, a.position FROM queue_agents a, wanted w"
          + " WHERE w.broadcast OR a.name = ANY(w.names) FOR KEY SHARE OF a),"
          + " recipients AS (SELECT a.name, row_number() OVER (ORDER BY CASE WHEN w.broadcast"
          + " THEN a.position ELSE array_position(w.names, a.name) END) AS place"
          + " FROM agents a, wanted w),"
          + " found AS (SELECT count(*) AS n, array_agg(name ORDER BY place) AS names"
          + " FROM recipients),"
          + " earlier AS (SELECT id, recipients FROM queue_messages WHERE idempotency_key = ?),"
          + " go AS (SELECT f.n FROM found f, wanted w WHERE f.n > 0"
          + " AND (w.broadcast OR f.n = cardinality(w.names))"
          + " AND NOT EXISTS (SELECT 1 FROM earlier)),"
          + " ids AS (UPDATE queue_meta SET last_key = greatest(last_key + 1, ?) + go.n FROM go"
          + " RETURNING last_key - go.n AS key),"
          + " message AS (INSERT INTO queue_messages"
          + " (id, sender, body, created_at, idempotency_key, recipients, ttl_ms)"
          + " SELECT queue_id(ids.key), ?, ?, ?, ?, found.names, ? FROM ids, found"
          + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id),"
          + " entries AS (INSERT INTO queue_entries"
          + " (id, message_id, recipient, seq, created_at, state, next_attempt_at, expires_at)"
          + " SELECT queue_id(ids.key + r.place), message.id, r.name, ids.key + r.place, ?,"
          + " 'PENDING', ?, ?"
          + " FROM ids, message, recipients r RETURNING 1),"
          + " notified AS MATERIALIZED (SELECT pg_notify('"
          + PostgresChanges.CHANNEL
          + "', '') FROM message)"
          + " SELECT (SELECT id FROM message) AS message_id, (SELECT count(*) FROM entries),"
          + " (SELECT count(*) FROM notified), (SELECT names FROM found) AS names,"
          + " (SELECT id FROM earlier) AS earlier_id, (SELECT recipients FROM earlier) AS earlier";

  private final Database database;
  private final Clock clock;
  private final int maxBodyBytes;

  PostgresSends(Database database, Clock clock, int maxBodyBytes) {
    this.database = database;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public SendResult send(SendRequest request) {
    SendRules.check(request, maxBodyBytes);
    Optional<SendResult> result = database.statement(connection -> queue(connection, request));
    // Empty only when a send with the same key committed while this one ran: its message is there.
    return result.orElseGet(
        () ->
            database
                .statement(connection -> byKey(connection, request.idempotencyKey()))
                .orElseThrow());
  }

  private Optional<SendResult> queue(Connection connection, SendRequest request)
      throws SQLException {
    Instant now = Rows.micros(clock.instant());
    List<String> wanted = List.copyOf(new LinkedHashSet<>(request.to()));
    Instant dueAt =
        request.notBefore() != null && request.notBefore().isAfter(now)
            ? Rows.micros(request.notBefore())
            : now;
    try (PreparedStatement ps = connection.prepareStatement(SEND)) {
      ps.setArray(1, Rows.textArray(connection, wanted));
      ps.setBoolean(2, request.broadcast());
      ps.setString(3, request.idempotencyKey());
      ps.setLong(4, Ids.nextKey(0, now));
      ps.setString(5, request.sender());
      ps.setString(6, request.body());
      Rows.setInstant(ps, 7, now);
      ps.setString(8, request.idempotencyKey());
      ps.setObject(9, request.ttl() == null ? null : request.ttl().toMillis(), Types.BIGINT);
      Rows.setInstant(ps, 10, now);
      Rows.setInstant(ps, 11, dueAt);
      Rows.setInstant(ps, 12, request.ttl() == null ? null : now.plus(request.ttl()));
      try (ResultSet rs = ps.executeQuery()) {
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
      throw new InvalidInputException(
          "cannot broadcast: no agents are registered; add one with 'queue agents add NAME'");
    }
    List<String> unknown = wanted.stream().filter(name -> !found.contains(name)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "unknown recipient"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + ": nothing was queued; see 'queue agents list'");
    }
  }

  private static Optional<SendResult> byKey(Connection connection, String key) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, recipients FROM queue_messages WHERE idempotency_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new SendResult(rs.getString(1), Rows.texts(rs, "recipients"), true))
            : Optional.empty();
      }
    }
  }
}
