package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that only read never create, narrow or otherwise change a data directory. */
class ReadOnlyCommandsTest {
  private static final List<List<String>> READERS =
      List.of(
          List.of("status"),
          List.of("status", "--json"),
          List.of("list"),
          List.of("agents", "list"),
          List.of("doctor"),
          List.of("export"),
          List.of("inbox", "alice"));

  @TempDir Path tmp;

  @Test
  void aMistypedDirIsRefusedByEveryReadOnlyCommandAndNeverCreated() {
    Path typo = tmp.resolve("dta");
    for (List<String> command : READERS) {
      Cli.Result result = Cli.onFiles(typo).run(command.toArray(new String[0]));
      assertEquals(2, result.exit(), command + ": " + result);
      assertTrue(result.err().contains(typo.toString()), command + ": " + result.err());
      assertTrue(result.err().contains("does not exist"), command + ": " + result.err());
      assertEquals(1, result.err().lines().count(), result.err());
      assertFalse(Files.exists(typo), command + " created " + typo);
    }
  }

  @Test
  void aReadOnlyCommandLeavesTheModeOfADirectoryAsItIs() throws Exception {
    Path dir = tmp.resolve("shared");
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (List<String> command : READERS) {
      Cli.Result result = cli.run(command.toArray(new String[0]));
      assertTrue(result.exit() == 0 || result.exit() == 1, command + ": " + result);
      assertEquals(
          "rwxr-xr-x",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
          command + " changed the directory's mode");
    }
    cli.run("agents", "add", "bob");
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
        "a command that writes narrows the directory to its owner");
  }

  @Test
  void aPathThatIsAFileIsRefusedNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Cli.Result result = Cli.onFiles(file).run("status");
    assertEquals(2, result.exit(), result.toString());
    assertTrue(result.err().contains("not a directory"), result.err());
  }
}
