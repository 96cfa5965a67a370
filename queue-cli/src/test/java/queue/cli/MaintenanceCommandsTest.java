package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** list, retry and purge. */
class MaintenanceCommandsTest {
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void oneDeliveredAndOneFailedEntry() throws Exception {
    cli = new Cli(dir);
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "bob");
    FakeProcessor processor = new FakeProcessor(dir, Set.of("bob"));
    try {
      assertEquals(1, cli.run("send", "--broadcast", "--wait", "first").exit());
    } finally {
      processor.stop();
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
          "deliveredAt"
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
  void listRefusesBadStateAndLimit() {
    Cli.Result state = cli.run("list", "--state", "lost");
    assertEquals(2, state.exit());
    assertTrue(state.err().contains("--state"), state.err());
    Cli.Result limit = cli.run("list", "--limit", "-1");
    assertEquals(2, limit.exit());
    assertTrue(limit.err().contains("--limit"), limit.err());
  }

  @Test
  void retryMovesFailedEntriesBackToPending() {
    String failedId =
        cli.run("list", "--state", "failed", "--json")
            .json()
            .get("entries")
            .get(0)
            .get("id")
            .asString();
    assertEquals(1, cli.run("retry", failedId, "--json").json().get("retried").asInt());
    assertEquals(0, cli.run("status", "--json").json().get("totals").get("failed").asInt());
    assertEquals(0, cli.run("retry", "--all", "--json").json().get("retried").asInt());
  }

  @Test
  void retryRefusesUnknownIdsAndMissingArguments() {
    Map<String, String> before = cli.files();
    Cli.Result unknown = cli.run("retry", "no-such-id");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("no-such-id"), unknown.err());
    Cli.Result none = cli.run("retry");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("--all"), none.err());
    assertEquals(2, cli.run("retry", "--all", "x").exit());
    assertEquals(before, cli.files());
  }

  @Test
  void purgeRemovesTerminalEntriesButKeepsDeliveredCounts() {
    assertEquals(1, cli.run("purge", "--state", "failed", "--json").json().get("purged").asInt());
    assertEquals(1, cli.run("purge", "--json").json().get("purged").asInt());
    JsonNode status = cli.run("status", "--json").json();
    assertEquals(1, status.get("totals").get("delivered").asInt());
    assertEquals(1, status.get("totals").get("pending").asInt());
    assertEquals(0, cli.run("purge", "--older-than", "1h", "--json").json().get("purged").asInt());
    Cli.Result bad = cli.run("purge", "--older-than", "yesterday");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("invalid duration 'yesterday'"), bad.err());
  }
}
