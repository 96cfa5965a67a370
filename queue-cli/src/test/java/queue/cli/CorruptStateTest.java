package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorruptStateTest {
  private static final List<String[]> COMMANDS =
      List.of(
          new String[] {"status"},
          new String[] {"status", "--json"},
          new String[] {"list"},
          new String[] {"send", "--to", "alice", "y"},
          new String[] {"send", "--broadcast", "y"},
          new String[] {"agents", "list"},
          new String[] {"agents", "add", "bob"},
          new String[] {"agents", "pause", "alice"},
          new String[] {"agents", "remove", "alice", "--force"},
          new String[] {"inbox", "alice"},
          new String[] {"receive", "alice"},
          new String[] {"export"},
          new String[] {"retry", "--all"},
          new String[] {"purge"});

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"queue.json", "agents.json"})
  void everyCommandRefusesADamagedStateFileWithExitFour(String file) throws Exception {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "x");
    Files.writeString(dir.resolve(file), "[1, 2");
    Map<String, String> before = cli.files();
    for (String[] command : COMMANDS) {
      Cli.Result result = cli.run(command);
      assertEquals(4, result.exit(), String.join(" ", command) + ": " + result);
      assertTrue(result.err().contains(file), result.toString());
      assertEquals(1, result.err().lines().count(), result.toString());
      assertFalse(result.err().contains("tools.jackson"), "no Jackson internals: " + result);
      assertFalse(result.err().contains("StateCodec"), "no internal class names: " + result);
    }
    Cli.Result doctor = cli.run("doctor");
    assertEquals(1, doctor.exit(), "doctor reports a damaged file as a problem found: " + doctor);
    assertTrue(doctor.out().contains(file + ".1"), doctor.toString());
    assertEquals(before, cli.files());
  }

  @Test
  void aFifoAtQueueJsonIsRefusedAtOnceNamingIt() throws Exception {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    Path fifo = dir.resolve("queue.json");
    Files.deleteIfExists(fifo);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    for (String[] command :
        List.of(
            new String[] {"status"},
            new String[] {"send", "--to", "alice", "x"},
            new String[] {"doctor"})) {
      // A bound on a hang (opening a FIFO blocks until a writer comes), not a measure of speed.
      Cli.Result result =
          CompletableFuture.supplyAsync(() -> cli.run(command)).get(60, TimeUnit.SECONDS);
      assertEquals(command[0].equals("doctor") ? 1 : 4, result.exit(), result.toString());
      String said = result.err() + result.out();
      assertTrue(said.contains(fifo.toString()), result.toString());
      assertTrue(said.contains("not a regular file"), result.toString());
    }
  }
}
