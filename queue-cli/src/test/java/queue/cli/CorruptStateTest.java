package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorruptStateTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"queue.json", "agents.json"})
  void everyCommandRefusesADamagedStateFileWithExitFour(String file) throws Exception {
    Cli cli = new Cli(dir);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "x");
    Files.writeString(dir.resolve(file), "[1, 2");
    Map<String, String> before = cli.files();
    List<String[]> commands =
        List.of(
            new String[] {"status"},
            new String[] {"status", "--json"},
            new String[] {"list"},
            new String[] {"send", "--to", "alice", "y"},
            new String[] {"send", "--broadcast", "y"},
            new String[] {"agents", "list"},
            new String[] {"agents", "add", "bob"},
            new String[] {"agents", "remove", "alice", "--force"},
            new String[] {"retry", "--all"},
            new String[] {"purge"});
    for (String[] command : commands) {
      Cli.Result result = cli.run(command);
      assertEquals(4, result.exit(), String.join(" ", command) + ": " + result);
      assertTrue(result.err().contains(file), result.toString());
    }
    Cli.Result doctor = cli.run("doctor");
    assertEquals(1, doctor.exit(), "doctor reports a damaged file as a problem found: " + doctor);
    assertTrue(doctor.out().contains(file + ".1"), doctor.toString());
    assertEquals(before, cli.files());
  }
}
