package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;

/**
 * A save that fails reaches the user: exit 1, one line naming the file, nothing written. A send's
 * save is its append to the journal; a full disk is what makes it fail.
 */
class SaveFailureTest {
  @TempDir Path dir;

  @Test
  void aSendWhoseSaveFailsExitsOneNamingTheFileAndLeavesTheQueueAsItWas() throws Exception {
    FaultyFileOps ops = new FaultyFileOps();
    Cli cli = Cli.onFiles(dir, ops);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "first");
    Map<String, String> before = cli.files();
    ops.fail(Step.WRITE, 1, () -> new IOException("No space left on device"));

    Cli.Result result = cli.run("send", "--to", "alice", "second");

    assertEquals(1, result.exit(), result.toString());
    assertEquals(1, result.err().lines().count(), result.toString());
    assertTrue(
        result.err().contains(dir.resolve("queue.json.journal").toString()), result.toString());
    assertTrue(result.err().contains("no space left on device"), result.toString());
    assertEquals("", result.out(), result.toString());
    assertEquals(before, cli.files());
    try (var files = Files.list(dir)) {
      List<String> temps =
          files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
      assertEquals(List.of(), temps);
    }
    assertEquals(0, cli.run("send", "--to", "alice", "third").exit());
  }
}
