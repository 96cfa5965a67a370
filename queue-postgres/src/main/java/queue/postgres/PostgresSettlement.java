package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import queue.core.model.Transition;

/**
 * Ends claims: each named entry takes its {@link Transition}, the one rule of every store, only
 * while it is PROCESSING under the token of the claim that holds it; the deliveries are counted in
 * the same statement. A settle gives each entry its outcome's transition, a hand-back the same
 * "handed back" to all.
 */
final class PostgresSettlement {
  private PostgresSettlement() {}

  /**
   * The SET clause that gives an entry up without an attempt ({@link Transition#abandoned}): its
   * state and last error are the parameters {@code :state} and {@code :error} ({@link
   * #setAbandoned}), its lease ends.
   */
  static final String ABANDON =
      """
      state = :state,
          last_error = :error,
          lease_owner = NULL,
          lease_token = 0,
          lease_expires_at = NULL""";

  /** Sets the parameters of {@link #ABANDON} from {@code transition}. */
  static Sql.Statement setAbandoned(Sql.Statement statement, Transition transition)
      throws SQLException {
    return statement.text("state", transition.state().name()).text("error", transition.lastError());
  }

  /** One claimed entry and what ending its claim does to it. */
  record Ending(String entryId, long token, Transition transition) {}

  /**
   * What ending claims did.
   *
   * @param count how many entries changed
   * @param failed the ids of those that became FAILED
   */
  record Ended(int count, List<String> failed) {}

  // A transition's null field keeps the entry's value, as Entry.after does.
  private static final Sql END_CLAIMS =
      Sql.of(
          """
          WITH ended AS (
            UPDATE queue_entries e
            SET state = t.state,
                attempts = e.attempts + t.attempts_added,
                next_attempt_at = coalesce(t.next_attempt_at, e.next_attempt_at),
                last_error = coalesce(t.last_error, e.last_error),
                delivered_at = coalesce(t.delivered_at, e.delivered_at),
                lease_owner = NULL,
                lease_token = 0,
                lease_expires_at = NULL
            FROM unnest(
                :ids::text[], :tokens::bigint[], :states::text[], :attempts_added::integer[],
                :next_attempts::text[]::timestamptz[], :errors::text[],
                :delivered::text[]::timestamptz[])
              AS t (id, token, state, attempts_added, next_attempt_at, last_error, delivered_at)
            WHERE e.id = t.id
              AND e.lease_token = t.token
              AND e.state = 'PROCESSING'
            RETURNING e.id, e.recipient, e.state, e.delivered_at),
          counted AS (
            INSERT INTO queue_counters (agent, delivered, last_delivered_at)
            SELECT recipient, count(*), max(delivered_at)
            FROM ended
            WHERE state = 'DELIVERED'
            GROUP BY recipient
            ORDER BY recipient
            ON CONFLICT (agent) DO UPDATE
            SET delivered = queue_counters.delivered + EXCLUDED.delivered,
                last_delivered_at =
                  greatest(queue_counters.last_delivered_at, EXCLUDED.last_delivered_at))
          SELECT count(*), array_agg(id) FILTER (WHERE state = 'FAILED') AS failed
          FROM ended
          """);

  /**
   * Applies each ending to its entry if the entry is still held by the ending's claim; one ending
   * per entry (callers keep the last of an entry's).
   *
   * @return how many entries changed, and which of them failed
   */
  static Ended end(Connection connection, List<Ending> endings) throws SQLException {
    int size = endings.size();
    String[] ids = new String[size];
    Long[] tokens = new Long[size];
    String[] states = new String[size];
    Integer[] attemptsAdded = new Integer[size];
    String[] nextAttempts = new String[size];
    String[] errors = new String[size];
    String[] delivered = new String[size];
    for (int i = 0; i < size; i++) {
      Ending ending = endings.get(i);
      Transition transition = ending.transition();
      ids[i] = ending.entryId();
      tokens[i] = ending.token();
      states[i] = transition.state().name();
      attemptsAdded[i] = transition.attemptsAdded();
      nextAttempts[i] = text(transition.nextAttemptAt());
      errors[i] = transition.lastError();
      delivered[i] = text(transition.deliveredAt());
    }
    try (Sql.Statement statement = END_CLAIMS.prepare(connection)) {
      statement
          .array("ids", "text", ids)
          .array("tokens", "bigint", tokens)
          .array("states", "text", states)
          .array("attempts_added", "integer", attemptsAdded)
          .array("next_attempts", "text", nextAttempts)
          .array("errors", "text", errors)
          .array("delivered", "text", delivered);
      try (ResultSet rs = statement.query()) {
        rs.next();
        List<String> failed = Rows.texts(rs, "failed");
        return new Ended(rs.getInt(1), failed == null ? List.of() : failed);
      }
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : Rows.micros(instant).toString();
  }
}
