package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageTest {
  @TempDir Path dir;

  private static final List<String> COMMANDS =
      List.of(
          "",
          "agents",
          "agents add",
          "agents list",
          "agents remove",
          "send",
          "status",
          "list",
          "retry",
          "purge",
          "doctor",
          "completion");

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command : COMMANDS) {
      String[] args = (command + " --help").trim().split(" ");
      Cli.Result result = new Cli(dir).runRaw(args);
      assertEquals(0, result.exit(), command);
      assertTrue(result.out().startsWith("Usage: queue"), command + ": " + result.out());
      assertTrue(result.out().contains("Examples:"), command + ": " + result.out());
    }
    assertTrue(Files.notExists(dir.resolve("queue.json.lock")), "help touches no data directory");
  }

  @Test
  void versionNamesTheProduct() {
    Cli.Result result = new Cli(dir).runRaw("--version");
    assertEquals(0, result.exit());
    assertTrue(result.out().startsWith("queue "), result.out());
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    for (String[] args :
        List.of(
            new String[] {"frobnicate"},
            new String[] {"status", "--bogus"},
            new String[] {"--lock-timeout", "ten", "status"},
            new String[] {"send", "--to"},
            new String[] {"list", "--limit", "many"})) {
      Cli.Result result = new Cli(dir).run(args);
      assertEquals(2, result.exit(), String.join(" ", args) + ": " + result);
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().contains("--help"), result.err());
    }
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() {
    Cli.Result result = new Cli(dir).runRaw();
    assertEquals(2, result.exit());
    assertTrue(result.err().contains("Commands:"), result.err());
  }

  @Test
  void globalOptionsWorkBeforeOrAfterTheCommand() {
    Path other = dir.resolve("other");
    assertEquals(0, new Cli(dir).runRaw("agents", "add", "x", "--dir", other.toString()).exit());
    assertTrue(Files.exists(other.resolve("agents.json")));
    Cli.Result list = new Cli(dir).runRaw("--dir", other.toString(), "agents", "list", "--json");
    assertEquals("x", list.json().get("agents").get(0).get("name").asString());
  }

  @Test
  void completionScriptIsGeneratedFromTheCommandModel() {
    Cli.Result result = new Cli(dir).runRaw("completion");
    assertEquals(0, result.exit());
    assertTrue(result.out().contains("complete -F"), result.out());
    assertTrue(result.out().contains("--idempotency-key"), "knows send's options");
  }
}
