package queue.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save that fails reaches the user: exit 1, one line naming the file, nothing written. */
class SaveFailureTest {
  @TempDir Path dir;

  @Test
  void aSendWhoseSaveFailsExitsOneNamingTheFileAndLeavesTheQueueAsItWas() throws Exception {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "first");
    byte[] before = Files.readAllBytes(dir.resolve("queue.json"));
    // A directory where the save keeps the last good generation: every save of queue.json fails.
    Files.deleteIfExists(dir.resolve("queue.json.1"));
    Files.createDirectories(dir.resolve("queue.json.1").resolve("in-the-way"));

    Cli.Result result = cli.run("send", "--to", "alice", "second");

    assertEquals(1, result.exit(), result.toString());
    assertEquals(1, result.err().lines().count(), result.toString());
    assertTrue(result.err().contains(dir.resolve("queue.json").toString()), result.toString());
    assertEquals("", result.out(), result.toString());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("queue.json")));
    try (var files = Files.list(dir)) {
      List<String> temps =
          files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
      assertEquals(List.of(), temps);
    }
  }
}
