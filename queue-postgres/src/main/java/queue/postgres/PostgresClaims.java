package queue.postgres;

import java.sql.Connection;
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
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Outcome;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Transition;

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
 * <p>Whether an entry is claimable, and whether it is scheduled, are the SQL functions {@code
 * queue_claimable} and {@code queue_scheduled} (migration 2), the twins of {@link
 * Entry#isClaimable} and {@link Entry#isScheduled}. The statements run unprepared on the server
 * (prepareThreshold 0): a generic plan made while the table was empty would later scan it whole; a
 * custom plan per run follows the indexes.
 */
final class PostgresClaims {
  private final Clock clock;

  PostgresClaims(Clock clock) {
    this.clock = clock;
  }

  List<List<Claim>> claim(Connection connection, ClaimRequest request) throws SQLException {
    Instant now = Rows.micros(clock.instant());
    List<String> expired = sweepExpired(connection, now);
    List<List<Claim>> claimed = claimDue(connection, request, now);
    // Last: the row of ids it takes is then the last lock of this transaction. The next claim
    // takes the notices.
    PostgresNotices.queueOwed(connection, expired, now);
    return claimed;
  }

  private List<List<Claim>> claimDue(Connection connection, ClaimRequest request, Instant now)
      throws SQLException {
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

  static final Sql SWEEP_EXPIRED =
      Sql.of(
          """
          UPDATE queue_entries
          SET %s
          WHERE id IN (
            SELECT id
            FROM queue_entries
            WHERE expires_at <= :now
              AND expires_at IS NOT NULL
              AND (state = 'PENDING' OR (state = 'PROCESSING' AND lease_expires_at <= :now))
            FOR UPDATE SKIP LOCKED)
          RETURNING id
          """
              .formatted(PostgresSettlement.ABANDON));

  // A PENDING entry past its TTL, and a PROCESSING one whose claim died (its lease ran out) after
  // its TTL: no one may attempt either again.
  private static List<String> sweepExpired(Connection connection, Instant now) throws SQLException {
    Transition expired = new Outcome.Expired().transition(now);
    List<String> ids = new ArrayList<>();
    try (Sql.Statement statement = SWEEP_EXPIRED.prepareUnplanned(connection)) {
      PostgresSettlement.setAbandoned(statement, expired).instant("now", now);
      try (ResultSet rs = statement.query()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  // The eligible recipients: for a processor (:pull_agent null) a registered agent that is pushed
  // to, not paused and not pinned to another host, or a name no longer registered (the processor
  // fails its entries); for a receiver its own pull agent, not paused. A head is a recipient's
  // first unfinished entry in queue order, scheduled ones left aside.
  static final Sql LOCK_RECIPIENTS =
      Sql.of(
          """
          SELECT r.name, a.name IS NOT NULL AS registered, %s
          FROM queue_recipients r
          LEFT JOIN queue_agents a ON a.name = r.name
          CROSS JOIN LATERAL (
            SELECT e.seq, e.state, e.next_attempt_at, e.expires_at, e.lease_expires_at
            FROM queue_entries e
            WHERE e.recipient = r.name
              AND e.state IN ('PENDING', 'PROCESSING')
              AND NOT queue_scheduled(e.state, e.attempts, e.next_attempt_at, :now)
            ORDER BY e.seq
            LIMIT 1) head
          WHERE queue_claimable(
              head.state, head.next_attempt_at, head.expires_at, head.lease_expires_at, :now)
            AND CASE WHEN :pull_agent::text IS NULL
              THEN a.name IS NULL
                OR (a.transport <> 'pull'
                  AND NOT a.paused
                  AND NOT (a.pinned AND :host::text IS NOT NULL AND a.host <> :host::text))
              ELSE r.name = :pull_agent AND a.transport = 'pull' AND NOT a.paused
            END
          ORDER BY head.seq
          LIMIT :max_recipients
          FOR UPDATE OF r SKIP LOCKED
          """
              .formatted(Rows.AGENT));

  /** The locked recipients, oldest head first, with their registration (null if none). */
  private static Map<String, Agent> lockRecipients(
      Connection connection, ClaimRequest request, Instant now) throws SQLException {
    Map<String, Agent> locked = new LinkedHashMap<>();
    try (Sql.Statement statement = LOCK_RECIPIENTS.prepareUnplanned(connection)) {
      statement
          .instant("now", now)
          .text("pull_agent", request.pullAgent())
          .text("host", request.host())
          .integer("max_recipients", request.maxRecipients());
      try (ResultSet rs = statement.query()) {
        while (rs.next()) {
          locked.put(rs.getString(1), rs.getBoolean("registered") ? Rows.agent(rs) : null);
        }
      }
    }
    return locked;
  }

  // A new statement, so a new snapshot taken after the recipients' locks were granted: a claim
  // that committed meanwhile is seen.
  static final Sql READ_RUNS =
      Sql.of(
          """
          SELECT e.id, e.recipient,
                 queue_claimable(e.state, e.next_attempt_at, e.expires_at, e.lease_expires_at, :now)
                   AS claimable
          FROM unnest(:recipients::text[]) WITH ORDINALITY AS r (name, n)
          CROSS JOIN LATERAL (
            SELECT *
            FROM queue_entries e
            WHERE e.recipient = r.name
              AND e.state IN ('PENDING', 'PROCESSING')
              AND NOT queue_scheduled(e.state, e.attempts, e.next_attempt_at, :now)
            ORDER BY e.seq
            LIMIT :per_recipient) e
          ORDER BY r.n, e.seq
          """);

  /** Each recipient's leading run of claimable entries, up to {@code perRecipient}. */
  private static Map<String, List<String>> readRuns(
      Connection connection, Set<String> recipients, ClaimRequest request, Instant now)
      throws SQLException {
    Map<String, List<String>> runs = new LinkedHashMap<>();
    Set<String> ended = new HashSet<>();
    try (Sql.Statement statement = READ_RUNS.prepareUnplanned(connection)) {
      statement
          .texts("recipients", recipients)
          .instant("now", now)
          .integer("per_recipient", request.perRecipient());
      try (ResultSet rs = statement.query()) {
        while (rs.next()) {
          String recipient = rs.getString("recipient");
          if (ended.contains(recipient)) {
            continue;
          }
          if (rs.getBoolean("claimable")) {
            runs.computeIfAbsent(recipient, r -> new ArrayList<>()).add(rs.getString("id"));
          } else {
            ended.add(recipient);
          }
        }
      }
    }
    return runs;
  }

  // Changes an entry only if it is still claimable: the runs were read without row locks (the
  // recipient's lock keeps other claims out; a late settle or a retry may still touch an entry).
  private static final Sql MARK_CLAIMED =
      Sql.of(
          """
          WITH token AS (SELECT nextval('queue_lease_token') AS value)
          UPDATE queue_entries e
          SET state = 'PROCESSING',
              lease_owner = :owner,
              lease_token = token.value,
              lease_expires_at = :lease_until
          FROM token, queue_messages m
          WHERE m.id = e.message_id
            AND e.id = ANY(:ids)
            AND queue_claimable(e.state, e.next_attempt_at, e.expires_at, e.lease_expires_at, :now)
          RETURNING %s, %s
          """
              .formatted(Rows.ENTRY, Rows.MESSAGE_OF_ENTRY));

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
    try (Sql.Statement statement = MARK_CLAIMED.prepareUnplanned(connection)) {
      statement
          .text("owner", request.owner())
          .instant("lease_until", now.plus(request.lease()))
          .texts("ids", ids)
          .instant("now", now);
      try (ResultSet rs = statement.query()) {
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
}
