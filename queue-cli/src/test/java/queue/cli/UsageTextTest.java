package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command's help, the completion script and the usage errors, byte for byte as they were
 * recorded in {@code src/test/resources/queue/cli/usage/} (each file: exit code, stdout, stderr)
 * when the command model was built from annotations. Whatever builds the model, users and scripts
 * see the same text.
 */
class UsageTextTest {
  private static final List<String> HELP =
      List.of(
          "--help",
          "-h",
          "agents --help",
          "agents add --help",
          "agents list --help",
          "agents pause --help",
          "agents resume --help",
          "agents set --help",
          "agents remove --help",
          "send --help",
          "send -h",
          "reply --help",
          "thread --help",
          "inbox --help",
          "receive --help",
          "mcp --help",
          "status --help",
          "list --help",
          "retry --help",
          "purge --help",
          "doctor --help",
          "export --help",
          "import --help",
          "completion --help",
          "completion");

  private static final List<String> USAGE_ERRORS =
      List.of(
          "",
          "agents",
          "frobnicate",
          "stauts",
          "agents lst",
          "status --jsn",
          "status --bogus",
          "status extra",
          "status --agent",
          "--dir",
          "--lock-timeout ten status",
          "--connect-timeout ten status",
          "send --to",
          "send --delay 5x --to a x",
          "send --to a x y",
          "list --limit many",
          "list --state bogus",
          "purge --state nope",
          "receive",
          "receive w extra",
          "receive w --peek --follow",
          "reply",
          "reply --all",
          "thread",
          "send --include-self --to a x",
          "receive w --limit x",
          "receive w --lease 1y",
          "inbox",
          "mcp extra",
          "agents add",
          "agents set",
          "agents add x --max-attempts many",
          "agents remove",
          "import",
          "export --bogus",
          "doctor extra",
          "retry --al");

  @Test
  void everyHelpIsAsRecorded() throws IOException {
    for (String args : HELP) {
      assertAsRecorded(args);
    }
  }

  @Test
  void everyUsageErrorIsAsRecorded() throws IOException {
    for (String args : USAGE_ERRORS) {
      assertAsRecorded(args);
    }
  }

  private static void assertAsRecorded(String args) throws IOException {
    String[] split = args.isEmpty() ? new String[0] : args.split(" ");
    Cli.Result result = Cli.inMemory().runRaw(split);
    assertEquals(recorded(args), result.toString(), "queue " + args);
  }

  private static String recorded(String args) throws IOException {
    String name = (args.isEmpty() ? "no-arguments" : args.replace(' ', '_')) + ".txt";
    try (InputStream in = UsageTextTest.class.getResourceAsStream("usage/" + name)) {
      if (in == null) {
        throw new IOException("no recorded output usage/" + name + " for 'queue " + args + "'");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
