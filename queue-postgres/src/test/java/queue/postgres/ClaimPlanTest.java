package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.ClaimRequest;
import queue.core.model.Entry;

/**
 * The claim at 100,000 live entries follows its indexes: its statements are planned for each run
 * (never prepared on the server, so no generic plan made on an empty table is kept), and their
 * plans on a full table scan no table; neither does nextDue's, which the loop asks every pass.
 */
class ClaimPlanTest extends StoreFixture {
  private static final int AGENTS = 8;
  private static final int ENTRIES = 100_000;

  @Test
  void theClaimIsNeverPreparedOnTheServer() throws Exception {
    register("a0");
    try (Connection connection = EmbeddedServer.connect(url)) {
      connection.setAutoCommit(false);
      PostgresClaims claims = new PostgresClaims(clock);
      for (int i = 0; i < 10; i++) {
        claims.claim(connection, ClaimRequest.processor("p", HOST, LEASE, 4, 1));
        connection.commit();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%queue_recipients%'"
                      + " OR statement LIKE '%expires_at <=%'")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void atAHundredThousandEntriesTheClaimScansNoTable() throws Exception {
    for (int a = 0; a < AGENTS; a++) {
      register("a" + a);
    }
    // Plans made while the table is empty, as a processor started on a new store makes them.
    claimHeads("warm-up");
    try (Connection connection = EmbeddedServer.connect(url)) {
      fill(connection);
      List<String> plans = new ArrayList<>();
      plans.add(explainLockRecipients(connection));
      plans.add(explainReadRuns(connection));
      plans.add(explainSweep(connection));
      plans.add(explainNextDue(connection));

      for (String plan : plans) {
        assertFalse(plan.contains("Seq Scan on queue_entries"), plan);
      }
    }
    assertEquals(AGENTS, claimHeads("p1").size());
  }

  // Ids as the store gives them out (8 digits are 8 characters of base 32): messages 0..., entries
  // 1...
  private static void fill(Connection connection) throws Exception {
    int messages = ENTRIES / AGENTS;
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO queue_messages (id, sender, body, created_at, recipients, thread_id)"
              + " SELECT '0' || lpad(g::text, 7, '0'), 'me', 'body', timestamptz '2025-12-31 00:00Z',"
              + " '{}', '0' || lpad(g::text, 7, '0')"
              + " FROM generate_series(1, "
              + messages
              + ") g");
      statement.execute(
          "INSERT INTO queue_entries (id, message_id, recipient, seq, created_at, state,"
              + " next_attempt_at)"
              + " SELECT '1' || lpad((g * 8 + r)::text, 7, '0'), '0' || lpad(g::text, 7, '0'),"
              + " 'a' || r, g * 8 + r, timestamptz '2025-12-31 00:00Z', 'PENDING',"
              + " timestamptz '2025-12-31 00:00Z'"
              + " FROM generate_series(1, "
              + messages
              + ") g, generate_series(0, 7) r");
    }
  }

  private String explainLockRecipients(Connection connection) throws Exception {
    try (Sql.Statement statement = explain(PostgresClaims.LOCK_RECIPIENTS).prepare(connection)) {
      statement
          .instant("now", now())
          .text("pull_agent", null)
          .text("host", HOST)
          .integer("max_recipients", AGENTS);
      return plan(statement);
    }
  }

  private String explainReadRuns(Connection connection) throws Exception {
    try (Sql.Statement statement = explain(PostgresClaims.READ_RUNS).prepare(connection)) {
      statement.texts("recipients", List.of("a3", "a5")).instant("now", now());
      statement.integer("per_recipient", 10);
      return plan(statement);
    }
  }

  private String explainSweep(Connection connection) throws Exception {
    try (Sql.Statement statement = explain(PostgresClaims.SWEEP_EXPIRED).prepare(connection)) {
      statement
          .text("state", "FAILED")
          .text("error", Entry.EXPIRED_ERROR)
          .instant("now", now().plus(Duration.ZERO));
      return plan(statement);
    }
  }

  private String explainNextDue(Connection connection) throws Exception {
    try (Sql.Statement statement = explain(PostgresLeases.NEXT_DUE).prepare(connection)) {
      statement.instant("now", now()).text("owner", "p1");
      return plan(statement);
    }
  }

  private static Sql explain(Sql statement) {
    return Sql.of("EXPLAIN " + statement.named());
  }

  private static String plan(Sql.Statement statement) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rs = statement.query()) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
