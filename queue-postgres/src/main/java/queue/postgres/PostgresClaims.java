package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGStatement;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/**
 * The claim, in one transaction:
 *
 * <ol>
 *   <li>fail the PENDING entries whose TTL ran out, and the PROCESSING ones whose lease ran out
 *       after their TTL ("expired");
 *   <li>lock, {@code FOR UPDATE SKIP LOCKED}, the rows of up to {@code maxRecipients} eligible
 *       recipients whose head is claimable, oldest head first: a recipient another transaction is
 *       claiming right now is skipped, never waited for;
 *   <li>for each locked recipient, read its first unfinished entries again (a new snapshot, taken
 *       after the lock, so a claim that committed meanwhile is seen) and lock them; take the
 *       leading run of claimable ones, up to {@code perRecipient};
 *   <li>mark them PROCESSING under one new fencing token.
 * </ol>
 *
 * <p>Scheduled entries (never attempted, not yet due) are left out of a recipient's head; an entry
 * leased to someone else or waiting for a retry ends the run. So one recipient's entries go one
 * batch at a time, in order, however many processors on however many hosts claim.
 *
 * <p>The statements run unprepared on the server (prepareThreshold 0): a generic plan made while
 * the table was empty would later scan it whole; a custom plan per run follows the indexes.
 */
final class PostgresClaims {
  static final String SWEEP_EXPIRED =
      "UPDATE queue_entries SET state = 'FAILED', last_error = ?, lease_owner = NULL,"
          + " lease_token = 0, lease_expires_at = NULL"
          + " WHERE id IN (SELECT id FROM queue_entries"
          + " WHERE expires_at <= ? AND expires_at IS NOT NULL"
          + " AND (state = 'PENDING' OR (state = 'PROCESSING' AND lease_expires_at <= ?))"
          + " FOR UPDATE SKIP LOCKED)";
  // Parameters: now (scheduled), now, now, now (claimable head), pull agent (null for a
  // processor) twice, host twice, pull agent, max recipients.
  static final String LOCK_RECIPIENTS =
      "SELECT r.name, a.name IS NOT NULL AS registered, "
          + Rows.AGENT
          + " FROM queue_recipients r"
          + " LEFT JOIN queue_agents a ON a.name = r.name"
          + " CROSS JOIN LATERAL (SELECT e.seq, e.state, e.next_attempt_at, e.expires_at,"
          + " e.lease_expires_at FROM queue_entries e"
          + " WHERE e.recipient = r.name AND e.state IN ('PENDING', 'PROCESSING')"
          + " AND NOT (e.state = 'PENDING' AND e.attempts = 0 AND e.next_attempt_at > ?)"
          + " ORDER BY e.seq LIMIT 1) head"
          + " WHERE ((head.state = 'PENDING' AND head.next_attempt_at <= ?"
          + " AND (head.expires_at IS NULL OR head.expires_at > ?))"
          + " OR (head.state = 'PROCESSING' AND head.lease_expires_at <= ?))"
          + " AND CASE WHEN ?::text IS NULL"
          + " THEN a.name IS NULL OR (a.transport <> 'pull' AND NOT a.paused"
          + " AND NOT (a.transport = 'inbox' AND a.host IS NOT NULL AND ?::text IS NOT NULL"
          + " AND a.host <> ?::text))"
          + " ELSE r.name = ? AND a.transport = 'pull' AND NOT a.paused END"
          + " ORDER BY head.seq LIMIT ? FOR UPDATE OF r SKIP LOCKED";
  // Parameters: the locked recipients in order, now (scheduled), per recipient.
  static final String READ_RUNS =
      "SELECT e.id, e.recipient, e.state, e.next_attempt_at, e.expires_at, e.lease_expires_at"
          + " FROM unnest(?::text[]) WITH ORDINALITY AS r (name, n) CROSS JOIN LATERAL ("
          + " SELECT * FROM queue_entries e WHERE e.recipient = r.name"
          + " AND e.state IN ('PENDING', 'PROCESSING')"
          + " AND NOT (e.state = 'PENDING' AND e.attempts = 0 AND e.next_attempt_at > ?)"
          + " ORDER BY e.seq LIMIT ?) e ORDER BY r.n, e.seq";
  // Changes an entry only if it is still claimable: the runs were read without row locks (the
  // recipient's lock keeps other claims out; a late settle or a retry may still touch an entry).
  private static final String MARK_CLAIMED =
      "WITH token AS (SELECT nextval('queue_lease_token') AS value)"
          + " UPDATE queue_entries e SET state = 'PROCESSING', lease_owner = ?,"
          + " lease_token = token.value, lease_expires_at = ? FROM token, queue_messages m"
          + " WHERE m.id = e.message_id AND e.id = ANY(?)"
          + " AND ((e.state = 'PENDING' AND e.next_attempt_at <= ?"
          + " AND (e.expires_at IS NULL OR e.expires_at > ?))"
          + " OR (e.state = 'PROCESSING' AND e.lease_expires_at <= ?)) RETURNING "
          + Rows.ENTRY
          + ", "
          + Rows.MESSAGE_OF_ENTRY;

  private final Clock clock;

  PostgresClaims(Clock clock) {
    this.clock = clock;
  }

  List<List<Claim>> claim(Connection connection, ClaimRequest request) throws SQLException {
    Instant now = Rows.micros(clock.instant());
    sweepExpired(connection, now);
    Map<String, Agent> recipients = lockRecipients(connection, request, now);
    if (recipients.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> runs = readRuns(connection, recipients.keySet(), request, now);
    if (runs.isEmpty()) {
      return List.of();
    }
    return markClaimed(connection, request, now, runs, recipients);
  }

  private static void sweepExpired(Connection connection, Instant now) throws SQLException {
    try (PreparedStatement ps = unprepared(connection, SWEEP_EXPIRED)) {
      ps.setString(1, Entry.EXPIRED_ERROR);
      Rows.setInstant(ps, 2, now);
      Rows.setInstant(ps, 3, now);
      ps.executeUpdate();
    }
  }

  /** The locked recipients, oldest head first, with their registration (null if none). */
  private static Map<String, Agent> lockRecipients(
      Connection connection, ClaimRequest request, Instant now) throws SQLException {
    Map<String, Agent> locked = new LinkedHashMap<>();
    try (PreparedStatement ps = unprepared(connection, LOCK_RECIPIENTS)) {
      for (int i = 1; i <= 4; i++) {
        Rows.setInstant(ps, i, now);
      }
      ps.setString(5, request.pullAgent());
      ps.setString(6, request.host());
      ps.setString(7, request.host());
      ps.setString(8, request.pullAgent());
      ps.setInt(9, request.maxRecipients());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          locked.put(rs.getString(1), rs.getBoolean("registered") ? Rows.agent(rs) : null);
        }
      }
    }
    return locked;
  }

  /** Each recipient's leading run of claimable entries, up to {@code perRecipient}. */
  private static Map<String, List<String>> readRuns(
      Connection connection, Set<String> recipients, ClaimRequest request, Instant now)
      throws SQLException {
    Map<String, List<String>> runs = new LinkedHashMap<>();
    Set<String> ended = new HashSet<>();
    try (PreparedStatement ps = unprepared(connection, READ_RUNS)) {
      ps.setArray(1, Rows.textArray(connection, recipients));
      Rows.setInstant(ps, 2, now);
      ps.setInt(3, request.perRecipient());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String recipient = rs.getString("recipient");
          if (ended.contains(recipient)) {
            continue;
          }
          if (isClaimable(rs, now)) {
            runs.computeIfAbsent(recipient, r -> new ArrayList<>()).add(rs.getString("id"));
          } else {
            ended.add(recipient);
          }
        }
      }
    }
    return runs;
  }

  private static boolean isClaimable(ResultSet rs, Instant now) throws SQLException {
    if (EntryState.valueOf(rs.getString("state")) == EntryState.PROCESSING) {
      return !Rows.instant(rs, "lease_expires_at").isAfter(now);
    }
    Instant expiresAt = Rows.instant(rs, "expires_at");
    return !Rows.instant(rs, "next_attempt_at").isAfter(now)
        && (expiresAt == null || expiresAt.isAfter(now));
  }

  private static List<List<Claim>> markClaimed(
      Connection connection,
      ClaimRequest request,
      Instant now,
      Map<String, List<String>> runs,
      Map<String, Agent> agents)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    runs.values().forEach(ids::addAll);
    Map<String, Claim> byId = new HashMap<>();
    try (PreparedStatement ps = unprepared(connection, MARK_CLAIMED)) {
      ps.setString(1, request.owner());
      Rows.setInstant(ps, 2, now.plus(request.lease()));
      ps.setArray(3, Rows.textArray(connection, ids));
      Rows.setInstant(ps, 4, now);
      Rows.setInstant(ps, 5, now);
      Rows.setInstant(ps, 6, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Entry entry = Rows.entry(rs);
          byId.put(
              entry.id(), new Claim(entry, Rows.messageOfEntry(rs), agents.get(entry.recipient())));
        }
      }
    }
    List<List<Claim>> batches = new ArrayList<>();
    for (List<String> run : runs.values()) {
      List<Claim> batch = new ArrayList<>(run.size());
      for (String id : run) {
        Claim claim = byId.get(id);
        if (claim == null) {
          // An entry changed between the read and the mark: taking what follows it would break
          // its recipient's order, so the whole claim runs again.
          throw new SQLException("entry " + id + " changed while it was claimed", "40001");
        }
        batch.add(claim);
      }
      batches.add(batch);
    }
    return batches;
  }

  private static PreparedStatement unprepared(Connection connection, String sql)
      throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    ps.unwrap(PGStatement.class).setPrepareThreshold(0);
    return ps;
  }
}
