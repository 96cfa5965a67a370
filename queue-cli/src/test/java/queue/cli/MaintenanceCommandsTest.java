package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** list, retry and purge. */
class MaintenanceCommandsTest {
  private final Cli cli = Cli.inMemory();

  @BeforeEach
  void oneDeliveredAndOneFailedEntry() {
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "bob");
    FakeProcessor processor = new FakeProcessor(cli.store(), Set.of("bob"));
    try {
      assertEquals(1, cli.run("send", "--broadcast", "--wait", "first").exit());
    } finally {
      processor.close();
    }
    cli.run("send", "--to", "alice", "second\nline");
  }

  @Test
  void listFiltersByStateAndAgentAndLimits() {
    JsonNode all = cli.run("list", "--json").json();
    assertEquals(3, all.get("count").asInt());
    JsonNode entry = all.get("entries").get(0);
    for (String field :
        new String[] {
          "id",
          "messageId",
          "recipient",
          "sender",
          "body",
          "createdAt",
          "state",
          "attempts",
          "nextAttemptAt",
          "lastError",
          "deliveredAt",
          "expiresAt"
        }) {
      assertTrue(entry.has(field), field);
    }
    assertEquals("DELIVERED", entry.get("state").asString());
    JsonNode failed = cli.run("list", "--state", "FAILED", "--json").json().get("entries");
    assertEquals(1, failed.size());
    assertEquals("bob", failed.get(0).get("recipient").asString());
    assertEquals(2, cli.run("list", "--agent", "alice", "--json").json().get("count").asInt());
    assertEquals(1, cli.run("list", "--limit", "1", "--json").json().get("count").asInt());
    String table = cli.run("list", "--state", "pending").out();
    assertTrue(table.contains("second\\nline"), table);
  }

  @Test
  void theListTableFitsAHundredColumnsAndShowsWhatAnOperatorNeeds() {
    cli.run("send", "--to", "alice", "x".repeat(500));
    JsonNode failed = cli.run("list", "--state", "failed", "--json").json().get("entries").get(0);
    String table = cli.run("list").out();
    table.lines().forEach(line -> assertTrue(line.length() <= 100, "over 100: " + line));
    assertTrue(table.startsWith("ENTRY     MESSAGE   STATE"), table);
    assertTrue(table.contains("NEXT"), table);
    String failedRow =
        table
            .lines()
            .filter(l -> l.startsWith(failed.get("id").asString()))
            .findFirst()
            .orElseThrow();
    assertTrue(failedRow.contains(failed.get("messageId").asString()), failedRow);
    assertTrue(failedRow.contains("error: refused by test"), failedRow);
    assertTrue(table.contains("PENDING"), table);
    assertTrue(
        table.matches("(?s).*PENDING +alice +0 +\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +now .*"),
        table);
    assertFalse(table.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT.*"), "times to the second: " + table);
  }

  @Test
  void retryMovesFailedEntriesBackToPendingByIdInAnyCase() {
    String failedId =
        cli.run("list", "--state", "failed", "--json")
            .json()
            .get("entries")
            .get(0)
            .get("id")
            .asString();
    assertEquals("retried 1 entry (now PENDING)\n", cli.run("retry", failedId.toUpperCase()).out());
    assertEquals(0, cli.run("status", "--json").json().get("totals").get("failed").asInt());
    assertEquals(0, cli.run("retry", "--all", "--json").json().get("retried").asInt());
  }

  @Test
  void retryTakesAMessageIdForAllItsFailedEntries() {
    String messageId =
        cli.run("list", "--state", "failed", "--json")
            .json()
            .get("entries")
            .get(0)
            .get("messageId")
            .asString();
    assertEquals(1, cli.run("retry", messageId, "--json").json().get("retried").asInt());
  }

  @Test
  void retryRefusesUnknownOrShortIdsAndMissingArguments() {
    Object before = cli.state();
    Cli.Result unknown = cli.run("retry", "0000zzzz");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("0000zzzz"), unknown.err());
    Cli.Result tooShort = cli.run("retry", "abc");
    assertEquals(2, tooShort.exit());
    assertTrue(tooShort.err().contains("too short"), tooShort.err());
    Cli.Result none = cli.run("retry");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("--all"), none.err());
    assertEquals(2, cli.run("retry", "--all", "x").exit());
    assertEquals(before, cli.state());
  }

  @Test
  void purgeRemovesTerminalEntriesButKeepsDeliveredCounts() {
    assertEquals("purged 1 entry\n", cli.run("purge", "--state", "failed").out());
    assertEquals(1, cli.run("purge", "--json").json().get("purged").asInt());
    JsonNode status = cli.run("status", "--json").json();
    assertEquals(1, status.get("totals").get("delivered").asInt());
    assertEquals(1, status.get("totals").get("pending").asInt());
    assertEquals(0, cli.run("purge", "--older-than", "1h", "--json").json().get("purged").asInt());
    Cli.Result bad = cli.run("purge", "--older-than", "yesterday");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("invalid duration 'yesterday'"), bad.err());
  }

  @Test
  void listRefusesBadStateAndLimit() {
    Cli.Result state = cli.run("list", "--state", "lost");
    assertEquals(2, state.exit());
    assertTrue(state.err().contains("--state"), state.err());
    Cli.Result limit = cli.run("list", "--limit", "-1");
    assertEquals(2, limit.exit());
    assertTrue(limit.err().contains("--limit"), limit.err());
  }
}
