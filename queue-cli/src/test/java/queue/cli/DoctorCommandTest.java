package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ClaimRequest;
import queue.core.api.QueueStore;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;

class DoctorCommandTest {
  @TempDir Path dir;

  @Test
  void healthyDirectoryExitsZeroWithAProcessorWarning() {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    Cli.Result result = cli.run("doctor");
    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.out().contains("none running"), result.out());
    assertTrue(result.out().contains("queue.json"), result.out());
    assertTrue(result.out().contains("healthy (1 warning)"), result.out());
    JsonNode json = cli.run("doctor", "--json").json();
    assertTrue(json.get("healthy").asBoolean());
    assertEquals(1, json.get("warnings").asInt());
  }

  @Test
  void itsWordsReadAsEnglish() {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "x");
    String out;
    try (QueueStore store = cli.store()) {
      FakeProcessor processor = new FakeProcessor(store, java.util.Set.of());
      try {
        out = cli.run("doctor").out();
      } finally {
        processor.close();
      }
    }
    assertTrue(out.contains("running: pid " + ProcessHandle.current().pid()), out);
    assertTrue(out.contains("1 entry, parses"), out);
    for (String clumsy : List.of("[", "(s)", "1 entries", "1 agents")) {
      assertFalse(out.contains(clumsy), clumsy + " in: " + out);
    }
  }

  @Test
  void leftoverTempFilesAreRemoved() throws IOException {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    Path leftover = dir.resolve("queue.json.tmp-1234");
    Files.writeString(leftover, "{");
    Cli.Result result = cli.run("doctor");
    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.out().contains("removed 1"), result.out());
    assertFalse(Files.exists(leftover));
  }

  @Test
  void aDamagedQueueFileIsAProblemFoundExitOneAndItsRestoreCommandsWork() throws Exception {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "one");
    cli.run("send", "--to", "alice", "two");
    Files.writeString(dir.resolve("queue.json"), "{\"version\": 1, \"entr");

    Cli.Result result = cli.run("doctor", "--json");
    assertEquals(1, result.exit(), result.toString());
    JsonNode problem = problemOf(result.json(), "queue.json");
    assertTrue(problem.get("message").asString().contains("queue.json.1"), problem.toString());
    List<String> fix = problem.get("fix").valueStream().map(JsonNode::asString).toList();
    String restore = fix.stream().filter(s -> s.contains("mv -f")).findFirst().orElseThrow();

    Process shell = new ProcessBuilder("sh", "-c", restore).inheritIO().start();
    assertEquals(0, shell.waitFor());
    Cli.Result after = cli.run("list", "--json");
    assertEquals(0, after.exit(), after.toString());
    assertEquals(1, after.json().get("count").asInt(), "the last good generation: one send");
    assertTrue(Files.exists(dir.resolve("queue.json.broken")));
  }

  @Test
  void stuckLeasesWithoutAProcessorAreAProblem() {
    MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    Cli cli = Cli.onFiles(dir).clock(clock);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "x");
    try (QueueStore store = cli.store()) {
      store
          .leases()
          .claim(ClaimRequest.processor("dead-processor", "h", Duration.ofSeconds(60), 1, 1));
    }
    clock.advance(Duration.ofMinutes(2));

    Cli.Result result = cli.run("doctor", "--json");
    assertEquals(1, result.exit(), result.toString());
    JsonNode problem = problemOf(result.json(), "leases");
    assertTrue(problem.get("message").asString().contains("1 PROCESSING"), problem.toString());
  }

  static JsonNode problemOf(JsonNode doctor, String check) {
    for (JsonNode finding : doctor.get("findings")) {
      if (finding.get("check").asString().equals(check)
          && finding.get("level").asString().equals("problem")) {
        return finding;
      }
    }
    throw new AssertionError("no problem for " + check + " in " + doctor);
  }
}
