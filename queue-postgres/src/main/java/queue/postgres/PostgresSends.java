package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import queue.core.Ids;
import queue.core.agents.Groups;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.Sends;
import queue.core.error.Refusals;
import queue.core.rules.Replies;
import queue.core.rules.Replies.Original;
import queue.core.rules.SendRecipients;
import queue.core.rules.SendRules;

/**
 * {@link Sends} as one statement, committed on its own: one round trip, as a bare INSERT is. It
 * finds the recipients (the agents named, and those in the groups named: a group is resolved at the
 * moment of the send, in its statement) and locks their rows (FOR KEY SHARE, so an agent removed
 * meanwhile either waits for the send or is gone before it looks), takes the ids by updating the
 * one row of {@code queue_meta}, and inserts the message and its entries, or does nothing at all
 * when a recipient is unknown, a group has no member or the idempotency key was seen. Taking the
 * ids locks that row until commit, which serializes sends: id order is commit order is queue order
 * on every host. An entry's sequence number is its id's key; ids are written by {@code
 * queue_id(key)}, the SQL twin of {@link Ids#format}. A broadcast leaves out its sender unless it
 * includes itself. A reply first finds the message it answers ({@link PostgresMessages}), in a read
 * of its own (a message never changes once sent); its recipients are {@link Replies#recipients},
 * and the statement writes the answered message's thread and id.
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
    Original original = request.replyTo() == null ? null : answered(request.replyTo().id());
    Attempt attempt = database.statement(connection -> queue(connection, request, original));
    if (attempt.result() != null) {
      return attempt.result();
    }
    // Nothing only when a send with the same key committed while this one ran: its message is
    // there.
    return database
        .statement(connection -> byKey(connection, request, attempt.recipients()))
        .orElseThrow();
  }

  private Original answered(String typed) {
    return database
        .transaction(connection -> PostgresMessages.find(connection, typed))
        .orElseThrow(() -> Refusals.noSuchMessage(typed));
  }

  /**
   * What the send statement did: its answer, or null when a send with the same key committed
   * meanwhile; and the recipients it resolved.
   */
  private record Attempt(SendResult result, SendRecipients recipients) {}

  // Writes nothing at all unless every named recipient is registered, every named group has a
  // member (a broadcast: an agent is registered) and the idempotency key is new; the answer then
  // says which it was. A recipient's place is that of the first item that names it (itself or a
  // group it is in), then its registration: the order SnapshotSends gives.
  private static final Sql SEND =
      Sql.of(
          """
          WITH wanted AS (
            SELECT :items::text[] AS items, :names::text[] AS names, :groups::text[] AS groups,
                   :broadcast::boolean AS broadcast, :include_self::boolean AS include_self),
          agents AS (
            SELECT a.name, a.position, a.groups
            FROM queue_agents a, wanted w
            WHERE (w.broadcast AND (w.include_self OR a.name <> :sender))
               OR a.name = ANY(w.names)
               OR a.groups && w.groups
            FOR KEY SHARE OF a),
          recipients AS (
            SELECT a.name,
                   row_number() OVER (
                     ORDER BY
                       (SELECT min(i.place)
                        FROM unnest(w.items) WITH ORDINALITY AS i(item, place)
                        WHERE i.item = a.name
                           OR (left(i.item, 1) = '@' AND substr(i.item, 2) = ANY(a.groups))),
                       a.position)
                     AS place
            FROM agents a, wanted w),
          found AS (
            SELECT count(*) AS n, array_agg(name ORDER BY place) AS names
            FROM recipients),
          unresolved AS (
            SELECT array(SELECT n FROM unnest(w.names) AS n
                         WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.name = n)) AS names,
                   array(SELECT g FROM unnest(w.groups) WITH ORDINALITY AS g(g, place)
                         WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE g = ANY(a.groups))
                         ORDER BY place) AS groups
            FROM wanted w),
          earlier AS (
            SELECT id, recipients, body = :body AS same_body, thread_id
            FROM queue_messages
            WHERE idempotency_key = :key),
          go AS (
            SELECT f.n
            FROM found f, unresolved u
            WHERE f.n > 0
              AND cardinality(u.names) = 0
              AND cardinality(u.groups) = 0
              AND NOT EXISTS (SELECT 1 FROM earlier)),
          ids AS (
            UPDATE queue_meta
            SET last_key = greatest(last_key + 1, :tick) + go.n
            FROM go
            RETURNING last_key - go.n AS key),
          message AS (
            INSERT INTO queue_messages
              (id, sender, body, created_at, idempotency_key, recipients, ttl_ms, thread_id,
               in_reply_to)
            SELECT queue_id(ids.key), :sender, :body, :now, :key, found.names, :ttl_ms,
                   coalesce(:thread_id, queue_id(ids.key)), :in_reply_to
            FROM ids, found
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, thread_id),
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
                 (SELECT thread_id FROM message) AS thread_id,
                 (SELECT count(*) FROM entries),
                 (SELECT count(*) FROM notified),
                 (SELECT names FROM found) AS names,
                 (SELECT names FROM unresolved) AS unknown_names,
                 (SELECT groups FROM unresolved) AS empty_groups,
                 (SELECT id FROM earlier) AS earlier_id,
                 (SELECT recipients FROM earlier) AS earlier,
                 (SELECT same_body FROM earlier) AS same_body,
                 (SELECT thread_id FROM earlier) AS earlier_thread
          """
              .formatted(PostgresChanges.CHANNEL));

  private Attempt queue(Connection connection, SendRequest request, Original original)
      throws SQLException {
    Instant now = Rows.micros(clock.instant());
    List<String> items =
        List.copyOf(
            new LinkedHashSet<>(
                request.repliesToSender() ? Replies.recipients(original, request) : request.to()));
    Instant dueAt =
        request.notBefore() != null && request.notBefore().isAfter(now)
            ? Rows.micros(request.notBefore())
            : now;
    try (Sql.Statement statement = SEND.prepare(connection)) {
      statement
          .texts("items", items)
          .texts("names", items.stream().filter(r -> !Groups.isGroup(r)).toList())
          .texts("groups", items.stream().filter(Groups::isGroup).map(Groups::groupOf).toList())
          .bool("broadcast", request.broadcast())
          .bool("include_self", request.includeSelf())
          .text("thread_id", original == null ? null : original.threadId())
          .text("in_reply_to", original == null ? null : original.messageId())
          .text("key", request.idempotencyKey())
          .bigint("tick", Ids.nextKey(0, now))
          .text("sender", request.sender())
          .text("body", request.body())
          .instant("now", now)
          .bigint("ttl_ms", request.ttl() == null ? null : request.ttl().toMillis())
          .instant("due_at", dueAt)
          .instant("expires_at", request.ttl() == null ? null : now.plus(request.ttl()));
      Attempt attempt;
      try (ResultSet rs = statement.query()) {
        rs.next();
        attempt = answer(rs, request, original);
      }
      if (attempt == null) {
        throw anyAgent(connection)
            ? Refusals.nobodyElseToBroadcastTo(request.sender())
            : Refusals.noAgentsToBroadcastTo();
      }
      return attempt;
    }
  }

  // Refused or answered as SnapshotSends does: a broadcast to nobody (null); a repeated key by the
  // rule of repeats; else a recipient not found.
  private static Attempt answer(ResultSet rs, SendRequest request, Original original)
      throws SQLException {
    List<String> agents = rs.getArray("names") == null ? List.of() : Rows.texts(rs, "names");
    if (request.broadcast() && agents.isEmpty()) {
      return null;
    }
    SendRecipients found =
        new SendRecipients(agents, Rows.texts(rs, "unknown_names"), Rows.texts(rs, "empty_groups"));
    String earlierId = rs.getString("earlier_id");
    if (earlierId != null) {
      List<String> first = Rows.texts(rs, "earlier");
      SendRules.requireRepeat(
          request.idempotencyKey(), earlierId, first, rs.getBoolean("same_body"), found);
      return new Attempt(
          new SendResult(earlierId, first, true, rs.getString("earlier_thread")), found);
    }
    Replies.requireFound(request, found, original);
    String messageId = rs.getString("message_id");
    return new Attempt(
        messageId == null
            ? null
            : new SendResult(messageId, agents, false, rs.getString("thread_id")),
        found);
  }

  // A broadcast found nobody: because no agent is registered, or because its sender is the only
  // one.
  private static boolean anyAgent(Connection connection) throws SQLException {
    try (PreparedStatement ps =
            connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM queue_agents)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static final Sql BY_KEY =
      Sql.of(
          """
          SELECT id, recipients, body = :body AS same_body, thread_id
          FROM queue_messages
          WHERE idempotency_key = :key
          """);

  // The send that committed the same key while this one ran: this one is its repeat only by the
  // rule of repeats.
  private static Optional<SendResult> byKey(
      Connection connection, SendRequest request, SendRecipients found) throws SQLException {
    try (Sql.Statement statement = BY_KEY.prepare(connection);
        ResultSet rs =
            statement.text("key", request.idempotencyKey()).text("body", request.body()).query()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      List<String> first = Rows.texts(rs, "recipients");
      SendRules.requireRepeat(
          request.idempotencyKey(), rs.getString("id"), first, rs.getBoolean("same_body"), found);
      return Optional.of(
          new SendResult(rs.getString("id"), first, true, rs.getString("thread_id")));
    }
  }
}
