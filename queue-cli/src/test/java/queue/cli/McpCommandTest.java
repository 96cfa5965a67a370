package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code queue mcp} refuses, before serving, what it cannot serve: exit 2 and one line. */
class McpCommandTest {
  private final Cli cli = Cli.inMemory();

  private void assertRefused(Cli.Result result, String message) {
    assertEquals(2, result.exit(), result.toString());
    assertEquals("", result.out(), "nothing on the protocol's stdout");
    assertEquals("queue mcp: " + message + "\n", result.err());
  }

  @Test
  void withoutAgentOrQueueAgentItSaysToPassOneOrSetTheVariable() {
    assertRefused(cli.run("mcp"), "no agent to serve: pass --agent NAME or set QUEUE_AGENT");
  }

  @Test
  void anUnknownAgentIsRefused() {
    assertRefused(
        cli.run("mcp", "--agent", "ghost"),
        "unknown agent ghost: register it first ('queue agents add ghost --pull') and see 'queue"
            + " agents list'");
  }

  @Test
  void queueAgentNamesTheAgentWhenNoOptionDoes() {
    Cli.Result result = cli.environment(Map.of("QUEUE_AGENT", "ghost")).run("mcp");
    assertRefused(
        result,
        "unknown agent ghost: register it first ('queue agents add ghost --pull') and see 'queue"
            + " agents list'");
  }

  @Test
  void anAgentThatIsPushedToIsRefused() {
    assertEquals(0, cli.run("agents", "add", "hook", "--url", "http://127.0.0.1:9/").exit());
    assertEquals(0, cli.run("agents", "add", "tool", "--exec", "/bin/true").exit());
    assertRefused(
        cli.run("mcp", "--agent", "hook"),
        "'queue mcp' is for pull and inbox agents, and hook is an http agent: the processor"
            + " delivers to it; serve a pull or inbox agent instead");
    assertRefused(
        cli.run("mcp", "--agent", "tool"),
        "'queue mcp' is for pull and inbox agents, and tool is an exec agent: the processor"
            + " delivers to it; serve a pull or inbox agent instead");
  }

  @Test
  void anInvalidNameIsRefusedAsEveryCommandRefusesIt() {
    Cli.Result result = cli.run("mcp", "--agent", "../etc");
    assertEquals(2, result.exit(), result.toString());
    assertEquals("", result.out());
  }
}
