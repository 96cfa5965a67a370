package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@link Sends} in one transaction of three round trips (four with an idempotency key): lock the
 * recipients and take the ids, insert the message and its entries, commit. Taking the ids updates
 * the one row of {@code queue_meta}, which serializes sends, so id order is commit order is queue
 * order on every host. An entry's sequence number is the key of its id. The idempotency key is
 * looked up once sends are serialized, and is a UNIQUE column besides.
 */
final class PostgresSends implements Sends {
  // The recipients' rows are locked (FOR KEY SHARE) until commit, so an agent removed meanwhile
  // either waits for this send or is gone before it looks.
  private static final String TAKE_IDS =
      "WITH recipients AS ("
          + " SELECT name, position FROM queue_agents WHERE ? OR name = ANY(?) FOR KEY SHARE)"
          + " UPDATE queue_meta SET last_key = greatest(last_key + 1, ?)"
          + " + (SELECT count(*) FROM recipients)"
          + " RETURNING last_key, ARRAY(SELECT name FROM recipients ORDER BY position) AS names";
  private static final String INSERT =
      "WITH message AS ("
          + " INSERT INTO queue_messages"
          + " (id, sender, body, created_at, idempotency_key, recipients, ttl_ms)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id),"
          + " entries AS ("
          + " INSERT INTO queue_entries"
          + " (id, message_id, recipient, seq, created_at, state, next_attempt_at, expires_at)"
          + " SELECT e.id, message.id, e.recipient, e.seq, ?, 'PENDING', ?, ?"
          + " FROM message, unnest(?::text[], ?::text[], ?::bigint[]) AS e (id, recipient, seq)"
          + " RETURNING 1)"
          + " SELECT (SELECT count(*) FROM entries), pg_notify('"
          + PostgresChanges.CHANNEL
          + "', '')";
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
    return database.transaction(connection -> queue(connection, request));
  }

  private SendResult queue(Connection connection, SendRequest request) throws SQLException {
    Instant now = Rows.micros(clock.instant());
    List<String> wanted = List.copyOf(new LinkedHashSet<>(request.to()));
    long lastKey;
    List<String> registered;
    try (PreparedStatement ps = connection.prepareStatement(TAKE_IDS)) {
      ps.setBoolean(1, request.broadcast());
      ps.setArray(2, Rows.textArray(connection, wanted));
      ps.setLong(3, Ids.nextKey(0, now));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        lastKey = rs.getLong(1);
        registered = Rows.texts(rs, "names");
      }
    }
    // Sends are serialized from here on: a message with this key is committed, or there is none.
    Optional<SendResult> earlier = byKey(connection, request.idempotencyKey());
    if (earlier.isPresent()) {
      connection.rollback();
      return earlier.get();
    }
    List<String> recipients = recipients(request, wanted, registered);
    long key = lastKey - recipients.size();
    insert(connection, request, now, key, recipients);
    return new SendResult(Ids.format(key), recipients, false);
  }

  private static void insert(
      Connection connection, SendRequest request, Instant now, long key, List<String> recipients)
      throws SQLException {
    List<String> entryIds = new ArrayList<>(recipients.size());
    Long[] seqs = new Long[recipients.size()];
    for (int i = 0; i < recipients.size(); i++) {
      seqs[i] = key + i + 1;
      entryIds.add(Ids.format(seqs[i]));
    }
    Instant dueAt =
        request.notBefore() != null && request.notBefore().isAfter(now) ? request.notBefore() : now;
    try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
      ps.setString(1, Ids.format(key));
      ps.setString(2, request.sender());
      ps.setString(3, request.body());
      Rows.setInstant(ps, 4, now);
      ps.setString(5, request.idempotencyKey());
      ps.setArray(6, Rows.textArray(connection, recipients));
      ps.setObject(7, request.ttl() == null ? null : request.ttl().toMillis(), Types.BIGINT);
      Rows.setInstant(ps, 8, now);
      Rows.setInstant(ps, 9, dueAt);
      Rows.setInstant(ps, 10, request.ttl() == null ? null : now.plus(request.ttl()));
      ps.setArray(11, Rows.textArray(connection, entryIds));
      ps.setArray(12, Rows.textArray(connection, recipients));
      ps.setArray(13, connection.createArrayOf("bigint", seqs));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) != recipients.size()) {
          throw new SQLException("the send inserted " + rs.getLong(1) + " entries", "XX000");
        }
      }
    }
  }

  private static List<String> recipients(
      SendRequest request, List<String> wanted, List<String> registered) {
    if (request.broadcast()) {
      if (registered.isEmpty()) {
        throw new InvalidInputException(
            "cannot broadcast: no agents are registered; add one with 'queue agents add NAME'");
      }
      return registered;
    }
    List<String> unknown = wanted.stream().filter(name -> !registered.contains(name)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "unknown recipient"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + ": nothing was queued; see 'queue agents list'");
    }
    return wanted;
  }

  private static Optional<SendResult> byKey(Connection connection, String key) throws SQLException {
    if (key == null) {
      return Optional.empty();
    }
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
