package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ClaimRequest;
import queue.core.api.QueueStore;
import queue.core.files.DefaultFileOps;
import queue.core.files.FileOps;
import queue.core.store.FileStore;
import queue.core.testing.MutableClock;
import queue.postgres.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

class DoctorCommandTest {
  @Test
  void onPostgresqlItChecksLeasesOnceAndListsTables(@TempDir Path tmp) {
    String url = PostgresServer.shared().newDatabase();
    try {
      Cli cli = Cli.onFiles(tmp.resolve("unused"));
      assertEquals(0, cli.runRaw("--store", url, "agents", "add", "alice", "--pull").exit());

      Cli.Result result = cli.runRaw("--store", url, "doctor");

      assertEquals(0, result.exit(), result.toString());
      List<String> lines = result.out().lines().toList();
      assertEquals(
          1, lines.stream().filter(line -> line.contains(" leases ")).count(), result.out());
      assertTrue(lines.contains("tables:"), result.out());
      assertFalse(lines.contains("files:"), result.out());
      assertTrue(result.out().contains("  queue_entries "), result.out());
    } finally {
      PostgresServer.shared().dropDatabase(url);
    }
  }

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
    assertTrue(out.contains("1 entry in all"), out);
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

  // "one" is in queue.json (a processor's stop checkpointed it), "two" in the journal: the way
  // back puts queue.json.1 back with the journal's records since, and loses nothing.
  @Test
  void aDamagedQueueFileIsAProblemFoundExitOneAndItsRestoreCommandsWork() throws Exception {
    Cli cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    cli.run("send", "--to", "alice", "one");
    try (QueueStore store = cli.store()) {
      store.upkeep().checkpoint();
    }
    cli.run("send", "--to", "alice", "two");
    Files.writeString(dir.resolve("queue.json"), "{\"version\": 1, \"entr");

    Cli.Result result = cli.run("doctor", "--json");
    assertEquals(1, result.exit(), result.toString());
    JsonNode problem = problemOf(result.json(), "queue.json");
    assertTrue(problem.get("message").asString().contains("queue.json.1"), problem.toString());
    List<String> fix = problem.get("fix").valueStream().map(JsonNode::asString).toList();
    for (String step : fix) {
      if (!step.startsWith("stop ") && !step.startsWith("queue doctor")) {
        Process shell = new ProcessBuilder("sh", "-c", step).directory(dir.toFile()).start();
        assertEquals(0, shell.waitFor(), step);
      }
    }
    Cli.Result after = cli.run("list", "--json");
    assertEquals(0, after.exit(), after.toString());
    assertEquals(2, after.json().get("count").asInt(), "nothing lost");
    assertTrue(Files.exists(dir.resolve("queue.json.broken")));
    assertEquals(0, cli.run("doctor").exit());
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

  @Test
  void aReadOnlyFileSystemIsAProblemWithTheWayOut() {
    Cli.onFiles(dir).run("agents", "add", "alice");
    JsonNode problem =
        problemOf(
            doctorWith(
                new FailingProbe(
                    () -> new FileSystemException(dir + "/x", null, "Read-only file system"),
                    false)),
            "disk");
    assertTrue(
        problem.get("message").asString().contains("read-only file system"), problem.toString());
    assertTrue(problem.get("fix").get(0).asString().contains("remount"), problem.toString());
  }

  @Test
  void aFullDiskIsAProblemWithTheWayOut() {
    Cli.onFiles(dir).run("agents", "add", "alice");
    JsonNode problem =
        problemOf(
            doctorWith(new FailingProbe(() -> new IOException("No space left on device"), true)),
            "disk");
    assertTrue(problem.get("message").asString().contains("no space left"), problem.toString());
    assertTrue(
        problem.get("fix").get(0).asString().contains("free some space"), problem.toString());
  }

  private JsonNode doctorWith(FileOps ops) {
    CliEnvironment environment =
        new CliEnvironment(
            Map.of(),
            new CliEnvironment.Stdio(System.in, true, false),
            Clock.systemUTC(),
            "tester",
            new TestProcess(),
            (location, options) -> FileStore.open(Path.of(location), options, ops));
    StringWriter out = new StringWriter();
    String[] args = {"--dir", dir.toString(), "doctor", "--json"};
    int exit =
        QueueMain.commandLine(
                environment, new PrintWriter(out), new PrintWriter(new StringWriter()), args)
            .execute(args);
    assertEquals(1, exit, out.toString());
    return Json.mapper().readTree(out.toString());
  }

  /** The real disk, except that doctor's probe file cannot be created or written. */
  private static final class FailingProbe implements FileOps {
    private final FileOps real = new DefaultFileOps();
    private final Supplier<IOException> error;
    private final boolean atWrite;

    FailingProbe(Supplier<IOException> error, boolean atWrite) {
      this.error = error;
      this.atWrite = atWrite;
    }

    private boolean isProbe(Path path) {
      return path.getFileName().toString().contains("probe");
    }

    @Override
    public FileChannel createNew(Path path) throws IOException {
      if (!atWrite && isProbe(path)) {
        throw error.get();
      }
      return real.createNew(path);
    }

    @Override
    public FileChannel openForAppend(Path path) throws IOException {
      return real.openForAppend(path);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
      real.createDirectories(directory);
    }

    @Override
    public void write(FileChannel channel, ByteBuffer content) throws IOException {
      if (atWrite) {
        throw error.get();
      }
      real.write(channel, content);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      real.force(channel);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
      real.atomicMove(source, target);
    }

    @Override
    public void link(Path link, Path existing) throws IOException {
      real.link(link, existing);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
      real.deleteIfExists(path);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      real.forceDirectory(directory);
    }
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
