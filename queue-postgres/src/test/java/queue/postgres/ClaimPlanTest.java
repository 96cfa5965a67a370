package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * plans on a full table scan no table.
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
          "INSERT INTO queue_messages (id, sender, body, created_at, recipients)"
              + " SELECT '0' || lpad(g::text, 7, '0'), 'me', 'body', timestamptz '2025-12-31 00:00Z', '{}'"
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
    try (PreparedStatement ps =
        connection.prepareStatement("EXPLAIN " + PostgresClaims.LOCK_RECIPIENTS)) {
      for (int i = 1; i <= 4; i++) {
        Rows.setInstant(ps, i, now());
      }
      ps.setString(5, null);
      ps.setString(6, HOST);
      ps.setString(7, HOST);
      ps.setString(8, null);
      ps.setInt(9, AGENTS);
      return plan(ps);
    }
  }

  private String explainReadRuns(Connection connection) throws Exception {
    try (PreparedStatement ps =
        connection.prepareStatement("EXPLAIN " + PostgresClaims.READ_RUNS)) {
      ps.setArray(1, connection.createArrayOf("text", new String[] {"a3", "a5"}));
      Rows.setInstant(ps, 2, now());
      ps.setInt(3, 10);
      return plan(ps);
    }
  }

  private String explainSweep(Connection connection) throws Exception {
    try (PreparedStatement ps =
        connection.prepareStatement("EXPLAIN " + PostgresClaims.SWEEP_EXPIRED)) {
      ps.setString(1, Entry.EXPIRED_ERROR);
      Rows.setInstant(ps, 2, now());
      Rows.setInstant(ps, 3, now().plus(Duration.ZERO));
      return plan(ps);
    }
  }

  private static String plan(PreparedStatement ps) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
