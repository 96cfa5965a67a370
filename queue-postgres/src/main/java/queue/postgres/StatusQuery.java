package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;
import queue.core.model.Agent;

/**
 * {@code queue status}: entries per state for each agent in one pass over {@code queue_entries},
 * the delivered counters beside them, all in one snapshot. Registered agents come first in
 * registration order, then recipients that still have entries but are no longer registered, in
 * queue order.
 */
final class StatusQuery {
  private final Clock clock;

  StatusQuery(Clock clock) {
    this.clock = clock;
  }

  StatusReport run(Connection connection) throws SQLException {
    Database.snapshot(connection);
    Map<String, Agent> agents = new LinkedHashMap<>();
    PostgresAgents.list(connection).forEach(a -> agents.put(a.name(), a));
    Map<String, Row> rows = counts(connection);
    Map<String, Row> ordered = new LinkedHashMap<>();
    agents.keySet().forEach(name -> ordered.put(name, rows.getOrDefault(name, Row.EMPTY)));
    rows.forEach(ordered::putIfAbsent);
    Counters counters = counters(connection);
    List<AgentStatus> statuses = new ArrayList<>();
    Counts totals = Counts.ZERO;
    for (var item : ordered.entrySet()) {
      String name = item.getKey();
      Agent agent = agents.get(name);
      Row row = item.getValue();
      Counts counts =
          new Counts(
              row.pending,
              row.scheduled,
              row.processing,
              counters.delivered.getOrDefault(name, 0L),
              row.failed);
      statuses.add(
          new AgentStatus(
              name,
              agent != null,
              agent == null ? null : agent.transport(),
              agent != null && agent.paused(),
              agent == null ? List.of() : agent.groups(),
              counts,
              counters.lastDeliveredAt.get(name),
              row.lastError,
              row.oldestPendingSince));
      totals = totals.plus(counts);
    }
    return new StatusReport(totals.withDeliveredOf(counters.delivered()), statuses);
  }

  // Scheduled: PENDING, never attempted, not yet due (queue_scheduled). A scheduled entry waits
  // from its time, not from when it was sent. The last error is that of the latest entry in queue
  // order that has one.
  private static final Sql COUNTS =
      Sql.of(
          """
          SELECT recipient,
                 min(seq) AS first_seq,
                 count(*) FILTER (WHERE state = 'PENDING') AS pending,
                 count(*) FILTER (WHERE queue_scheduled(state, attempts, next_attempt_at, :now))
                   AS scheduled,
                 count(*) FILTER (WHERE state = 'PROCESSING') AS processing,
                 count(*) FILTER (WHERE state = 'FAILED') AS failed,
                 min(CASE WHEN attempts = 0 AND next_attempt_at > created_at THEN next_attempt_at
                          ELSE created_at END)
                   FILTER (WHERE state = 'PENDING'
                     AND NOT queue_scheduled(state, attempts, next_attempt_at, :now))
                   AS oldest_pending_since,
                 (array_agg(last_error ORDER BY seq DESC)
                   FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
          FROM queue_entries
          GROUP BY recipient
          ORDER BY first_seq
          """);

  private Map<String, Row> counts(Connection connection) throws SQLException {
    Map<String, Row> rows = new LinkedHashMap<>();
    try (Sql.Statement statement = COUNTS.prepare(connection);
        ResultSet rs = statement.instant("now", clock.instant()).query()) {
      while (rs.next()) {
        rows.put(
            rs.getString("recipient"),
            new Row(
                rs.getLong("pending"),
                rs.getLong("scheduled"),
                rs.getLong("processing"),
                rs.getLong("failed"),
                rs.getString("last_error"),
                Rows.instant(rs, "oldest_pending_since")));
      }
    }
    return rows;
  }

  private static final Sql COUNTERS =
      Sql.of(
          """
          SELECT agent, delivered, last_delivered_at
          FROM queue_counters
          """);

  /** Every agent's delivered counter and last delivery, as status and export read them. */
  static Counters counters(Connection connection) throws SQLException {
    Counters counters = new Counters(new HashMap<>(), new HashMap<>());
    try (Sql.Statement statement = COUNTERS.prepare(connection);
        ResultSet rs = statement.query()) {
      while (rs.next()) {
        counters.delivered.put(rs.getString("agent"), rs.getLong("delivered"));
        Instant last = Rows.instant(rs, "last_delivered_at");
        if (last != null) {
          counters.lastDeliveredAt.put(rs.getString("agent"), last);
        }
      }
    }
    return counters;
  }

  private record Row(
      long pending,
      long scheduled,
      long processing,
      long failed,
      String lastError,
      Instant oldestPendingSince) {
    static final Row EMPTY = new Row(0, 0, 0, 0, null, null);
  }

  record Counters(Map<String, Long> delivered, Map<String, Instant> lastDeliveredAt) {}
}
