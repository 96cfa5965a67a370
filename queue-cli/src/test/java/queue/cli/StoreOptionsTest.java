package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.error.StoreUnreachableException;

/** --store, --dir, --connect-timeout, $QUEUE_STORE and $QUEUE_DIR. */
class StoreOptionsTest {
  @TempDir Path tmp;

  @Test
  void storeAndDirTogetherAreBadUsage() {
    Path dir = tmp.resolve("q");
    assertRefused(
        Cli.onFiles(dir).run("--store", tmp.resolve("other").toString(), "status"),
        "--store and --dir cannot be used together");
    assertFalse(Files.exists(dir));
  }

  @Test
  void aStoreThatIsADirectoryIsAFileStore() {
    Path dir = tmp.resolve("q");
    Cli cli = Cli.onFiles(tmp.resolve("unused"));
    assertEquals(0, cli.runRaw("--store", dir.toString(), "agents", "add", "alice").exit());
    assertTrue(Files.exists(dir.resolve("agents.json")));
  }

  @Test
  void theEnvironmentChoosesTheStoreWhenNoOptionDoes() {
    Path fromStore = tmp.resolve("from-store");
    Path fromDir = tmp.resolve("from-dir");
    Cli cli = Cli.onFiles(tmp.resolve("unused"));
    cli.environment(Map.of("QUEUE_STORE", fromStore.toString(), "QUEUE_DIR", fromDir.toString()));
    assertEquals(0, cli.runRaw("agents", "add", "a").exit());
    assertTrue(Files.exists(fromStore.resolve("agents.json")), "QUEUE_STORE wins");
    cli.environment(Map.of("QUEUE_DIR", fromDir.toString()));
    assertEquals(0, cli.runRaw("agents", "add", "a").exit());
    assertTrue(Files.exists(fromDir.resolve("agents.json")));
  }

  // The contract's order: --store, else $QUEUE_STORE, else the data directory (--dir, $QUEUE_DIR).
  @Test
  void queueStoreChoosesTheStoreBeforeDir() {
    Path fromStore = tmp.resolve("from-store");
    Path fromDir = tmp.resolve("from-dir");
    Cli cli = Cli.onFiles(tmp.resolve("unused"));
    cli.environment(Map.of("QUEUE_STORE", fromStore.toString()));
    assertEquals(0, cli.runRaw("--dir", fromDir.toString(), "agents", "add", "a").exit());
    assertTrue(Files.exists(fromStore.resolve("agents.json")), "QUEUE_STORE wins");
    assertFalse(Files.exists(fromDir), "--dir is not the store then");
  }

  @Test
  void aStoreUrlThatDoesNotParseOrIsNotPostgresIsBadUsage() {
    Cli cli = Cli.onFiles(tmp.resolve("unused"));
    Cli.Result url = cli.runRaw("--store", "postgresql://db.example:notaport/queue", "status");
    assertRefused(url, "invalid PostgreSQL URL");
    Cli.Result scheme = cli.runRaw("--store", "mysql://db.example/queue", "status");
    assertRefused(scheme, "unsupported store");
    assertRefused(cli.runRaw("--connect-timeout", "soon", "status"), "invalid duration");
  }

  @Test
  void anUnreachableStoreIsExitSixWithOneLineAndTheConnectTimeoutReachesIt() {
    AtomicReference<OpenOptions> opened = new AtomicReference<>();
    CliEnvironment environment =
        new CliEnvironment(
            Map.of(),
            new CliEnvironment.Stdio(System.in, true, false),
            Clock.systemUTC(),
            "tester",
            new TestProcess(),
            (location, options) -> {
              opened.set(options);
              throw new StoreUnreachableException(
                  "cannot reach the store at db.example:5432/queue: connection refused", null);
            });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = {
      "--store", "postgresql://u:secret@db.example/queue", "--connect-timeout", "2s", "status"
    };
    int exit =
        QueueMain.commandLine(environment, new PrintWriter(out), new PrintWriter(err), args)
            .execute(args);
    assertEquals(6, exit, err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().contains("connection refused"), err.toString());
    assertEquals(java.time.Duration.ofSeconds(2), opened.get().connectTimeout());
    assertFalse(opened.get().create(), "status opens the store read-only");
  }
}
