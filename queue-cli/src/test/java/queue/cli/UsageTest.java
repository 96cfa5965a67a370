package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageTest {
  @TempDir Path tmp;

  private static final List<String> COMMANDS =
      List.of(
          "",
          "agents",
          "agents add",
          "agents list",
          "agents pause",
          "agents resume",
          "agents set",
          "agents remove",
          "send",
          "inbox",
          "receive",
          "status",
          "list",
          "retry",
          "purge",
          "doctor",
          "export",
          "import",
          "completion");

  private Cli.Result help(String command) {
    String[] args = (command + " --help").trim().split(" ");
    return Cli.onFiles(tmp.resolve("queue")).run(args);
  }

  @Test
  void everyCommandHasHelpWithExamplesAndHelpTouchesNoDataDirectory() {
    for (String command : COMMANDS) {
      Cli.Result result = help(command);
      assertEquals(0, result.exit(), command);
      assertTrue(result.out().startsWith("Usage: queue"), command + ": " + result.out());
      assertTrue(result.out().contains("Examples:"), command + ": " + result.out());
    }
    assertFalse(Files.exists(tmp.resolve("queue")), "help creates no data directory");
  }

  @Test
  void everyHelpReadsCleanlyAtEightyColumns() {
    for (String command : COMMANDS) {
      String out = help(command).out();
      for (String line : out.lines().toList()) {
        assertTrue(line.length() <= 80, command + ": over 80 columns: " + line);
      }
      assertFalse(out.contains(". /"), command + ": a path split by the wrap: " + out);
      assertFalse(
          out.lines().anyMatch(line -> line.matches(".*[/\\[<(]$")),
          command + ": a path, URL or bracket split by the wrap: " + out);
      assertTrue(out.contains("./message_queue"), command + ": the default directory, whole");
    }
  }

  @Test
  void commandSummariesAreWholeSentences() {
    for (String group : List.of("", "agents")) {
      String out = help(group).out();
      List<String> lines = out.substring(out.indexOf("Commands:")).lines().skip(1).toList();
      for (String line : lines) {
        if (line.isBlank()) {
          break;
        }
        if (line.startsWith("  ") && !line.startsWith("   ")) {
          String summary = line.trim().replaceFirst("^\\S+\\s+", "");
          assertTrue(
              summary.endsWith(".") || isWrapped(lines, line),
              group + ": summary cut mid-sentence: " + line);
        }
      }
    }
  }

  // A summary too long for one line goes on, indented, on the next.
  private static boolean isWrapped(List<String> lines, String line) {
    int next = lines.indexOf(line) + 1;
    return next < lines.size()
        && lines.get(next).startsWith("      ")
        && lines.get(next).trim().endsWith(".");
  }

  @Test
  void versionNamesTheProduct() {
    Cli.Result result = Cli.inMemory().runRaw("--version");
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
            new String[] {"--connect-timeout", "ten", "status"},
            new String[] {"send", "--to"},
            new String[] {"list", "--limit", "many"})) {
      Cli.Result result = Cli.inMemory().run(args);
      assertEquals(2, result.exit(), String.join(" ", args) + ": " + result);
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().contains("--help"), result.err());
    }
  }

  @Test
  void aMistypedCommandOrOptionGetsASuggestion() {
    Cli.Result command = Cli.inMemory().run("stauts");
    assertEquals(2, command.exit());
    assertTrue(command.err().contains("Did you mean: status?"), command.err());
    Cli.Result option = Cli.inMemory().run("status", "--jsn");
    assertEquals(2, option.exit());
    assertTrue(option.err().contains("Did you mean: --json?"), option.err());
    Cli.Result nested = Cli.inMemory().run("agents", "lst");
    assertTrue(nested.err().contains("Did you mean: list?"), nested.err());
    assertEquals(1, nested.err().lines().count(), nested.err());
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() {
    Cli.Result result = Cli.inMemory().runRaw();
    assertEquals(2, result.exit());
    assertTrue(result.err().contains("Commands:"), result.err());
  }

  @Test
  void globalOptionsWorkBeforeOrAfterTheCommand() {
    Path other = tmp.resolve("other");
    Cli cli = Cli.onFiles(tmp.resolve("unused"));
    assertEquals(0, cli.runRaw("agents", "add", "x", "--dir", other.toString()).exit());
    assertTrue(Files.exists(other.resolve("agents.json")));
    Cli.Result list = cli.runRaw("--dir", other.toString(), "agents", "list", "--json");
    assertEquals("x", list.json().get("agents").get(0).get("name").asString());
  }

  @Test
  void completionScriptIsGeneratedFromTheCommandModel() {
    Cli.Result result = Cli.inMemory().runRaw("completion");
    assertEquals(0, result.exit());
    assertTrue(result.out().contains("complete -F"), result.out());
    assertTrue(result.out().contains("--idempotency-key"), "knows send's options");
    assertTrue(result.out().contains("--follow"), "knows receive's options");
  }
}
