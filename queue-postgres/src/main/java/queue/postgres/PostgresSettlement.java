package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.model.Entry;
import queue.core.model.EntryState;

/**
 * Applies delivery outcomes, and counts the deliveries, in one statement: an entry changes only
 * while it is PROCESSING under the token of the claim that delivered it.
 */
final class PostgresSettlement {
  // attempted: 1 for an attempt that ended, 0 for an entry given up without one (expired).
  private static final String SETTLE =
      "WITH settled AS ("
          + " UPDATE queue_entries e SET state = o.state, attempts = e.attempts + o.attempted,"
          + " next_attempt_at = coalesce(o.next_attempt_at, e.next_attempt_at),"
          + " last_error = CASE WHEN o.state = 'DELIVERED' THEN e.last_error ELSE o.error END,"
          + " delivered_at = CASE WHEN o.state = 'DELIVERED' THEN ? ELSE e.delivered_at END,"
          + " lease_owner = NULL, lease_token = 0, lease_expires_at = NULL"
          + " FROM unnest(?::text[], ?::bigint[], ?::text[], ?::integer[],"
          + " ?::text[]::timestamptz[], ?::text[]) AS o (id, token, state, attempted, next_attempt_at, error)"
          + " WHERE e.id = o.id AND e.lease_token = o.token AND e.state = 'PROCESSING'"
          + " RETURNING e.recipient, e.state),"
          + " counted AS ("
          + " INSERT INTO queue_counters (agent, delivered, last_delivered_at)"
          + " SELECT recipient, count(*), ? FROM settled WHERE state = 'DELIVERED'"
          + " GROUP BY recipient ORDER BY recipient"
          + " ON CONFLICT (agent) DO UPDATE SET"
          + " delivered = queue_counters.delivered + EXCLUDED.delivered,"
          + " last_delivered_at ="
          + " greatest(queue_counters.last_delivered_at, EXCLUDED.last_delivered_at))"
          + " SELECT count(*) FROM settled";

  private final Clock clock;

  PostgresSettlement(Clock clock) {
    this.clock = clock;
  }

  int settle(Connection connection, List<Completion> completions) throws SQLException {
    // One outcome per entry: a later completion of the same entry takes the place of an earlier.
    Map<String, Completion> byEntry = new LinkedHashMap<>();
    completions.forEach(c -> byEntry.put(c.entryId(), c));
    int size = byEntry.size();
    String[] ids = new String[size];
    Long[] tokens = new Long[size];
    String[] states = new String[size];
    Integer[] attempted = new Integer[size];
    String[] nextAttempts = new String[size];
    String[] errors = new String[size];
    int i = 0;
    for (Completion completion : byEntry.values()) {
      Outcome outcome = completion.outcome();
      ids[i] = completion.entryId();
      tokens[i] = completion.lease().token();
      states[i] = stateOf(outcome).name();
      attempted[i] = outcome instanceof Outcome.Expired ? 0 : 1;
      nextAttempts[i] =
          outcome instanceof Outcome.RetryLater retry
              ? Rows.micros(retry.nextAttemptAt()).toString()
              : null;
      errors[i] = errorOf(outcome);
      i++;
    }
    Instant now = Rows.micros(clock.instant());
    try (PreparedStatement ps = connection.prepareStatement(SETTLE)) {
      Rows.setInstant(ps, 1, now);
      ps.setArray(2, connection.createArrayOf("text", ids));
      ps.setArray(3, connection.createArrayOf("bigint", tokens));
      ps.setArray(4, connection.createArrayOf("text", states));
      ps.setArray(5, connection.createArrayOf("integer", attempted));
      ps.setArray(6, connection.createArrayOf("text", nextAttempts));
      ps.setArray(7, connection.createArrayOf("text", errors));
      Rows.setInstant(ps, 8, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  // Java 17 has no pattern switch; the sealed interface keeps this list complete.
  private static EntryState stateOf(Outcome outcome) {
    if (outcome instanceof Outcome.Delivered) {
      return EntryState.DELIVERED;
    }
    return outcome instanceof Outcome.RetryLater ? EntryState.PENDING : EntryState.FAILED;
  }

  private static String errorOf(Outcome outcome) {
    if (outcome instanceof Outcome.RetryLater retry) {
      return retry.error();
    }
    if (outcome instanceof Outcome.Failed failed) {
      return failed.error();
    }
    return outcome instanceof Outcome.Expired ? Entry.EXPIRED_ERROR : null;
  }
}
