package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.files.HoldingFileOps;
import queue.core.model.EntryState;
import queue.core.store.FileStore;
import queue.processor.testing.LogCapture;
import queue.processor.testing.TestQueue;

/** The command line: options, the store it picks, and the contract's exit codes at start. */
class ProcessorMainTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();
  private final StringWriter err = new StringWriter();

  @Test
  void onceDeliversWhatIsDueAndExitsZero() {
    try (TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      queue.addInbox("alice");
      queue.send("hi", "alice");

      assertEquals(0, run(Map.of("QUEUE_DIR", dir.toString()), "--once"));

      assertEquals(EntryState.DELIVERED, queue.entry(0).state());
      assertEquals(List.of(), queue.store().liveness().running());
    }
  }

  @Test
  void storeNamesTheStoreLikeDirDoes() {
    try (TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      queue.addInbox("alice");
      queue.send("hi", "alice");

      assertEquals(0, run(Map.of(), "--store", dir.toString(), "--once"));

      assertEquals(EntryState.DELIVERED, queue.entry(0).state());
    }
  }

  @Test
  void badOptionsExitTwoWithAMessage() {
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--workers", "0"));
    assertTrue(err.toString().contains("--workers must be at least 1"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--lease", "soon"));
    assertTrue(err.toString().contains("invalid duration 'soon'"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--lease", "500ms"));
    assertTrue(err.toString().contains("--lease 500ms is too short"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--workers", "1000"));
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--max-attempts", "0"));
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--connect-timeout", "0s"));
    assertTrue(err.toString().contains("--connect-timeout must be longer than 0"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--store", dir.toString()));
    assertTrue(err.toString().contains("--store and --dir cannot be used together"));
    assertEquals(2, run(Map.of(), "--store", "postgresql://127.0.0.1:notaport/queue", "--once"));
    assertTrue(err.toString().contains("invalid PostgreSQL URL"), err.toString());
    assertEquals(2, run(Map.of(), "--no-such-option"));
  }

  @Test
  void aCorruptQueueFileExitsFour() throws Exception {
    Files.writeString(dir.resolve("queue.json"), "{not json");

    assertEquals(4, run(Map.of(), "--dir", dir.toString(), "--once"));
    assertTrue(err.toString().contains("queue.json"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void aQueueLockHeldTooLongExitsThree() throws Exception {
    HoldingFileOps slowDisk = new HoldingFileOps();
    try (TestQueue setup = TestQueue.inDirectory(dir, Clock.systemUTC());
        QueueStore holder =
            FileStore.open(dir, OpenOptions.defaults(Clock.systemUTC()), slowDisk)) {
      setup.addInbox("alice");
      Thread save = new Thread(() -> holder.agents().add(setup.inboxAgent("bob")));
      save.start();
      slowDisk.awaitHolding();
      try {
        assertEquals(
            3, run(Map.of(), "--dir", dir.toString(), "--once", "--lock-timeout", "200ms"));
        assertTrue(err.toString().contains("busy"), err.toString());
      } finally {
        slowDisk.release();
        save.join();
      }
    }
  }

  @Test
  void aMistypedOptionGetsOneLineWithTheProgramAndTheNearestOption() {
    assertEquals(2, run(Map.of(), "--workrs", "3"));
    assertEquals(
        "queue-processor: Unknown options: '--workrs', '3'. Did you mean: --workers? (see"
            + " 'queue-processor --help')",
        err.toString().strip());
  }

  @Test
  void aDirectoryItCreatesWithNoAgentsIsAWarning() {
    Path typo = dir.resolve("typo");
    assertEquals(0, run(Map.of(), "--dir", typo.toString(), "--once"));
    assertEquals(
        1,
        logs.lines(Level.WARN, "created " + typo + ", which has no agents: check --dir").size(),
        logs.lines(Level.WARN).toString());
  }

  @Test
  void aQueueWithNoAgentsIsAWarningAndOneWithAgentsIsNot() {
    try (TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      assertEquals(0, run(Map.of(), "--dir", dir.toString(), "--once"));
      assertEquals(1, logs.lines(Level.WARN, "no agents are registered in " + dir).size());
      queue.addInbox("alice");
      assertEquals(0, run(Map.of(), "--dir", dir.toString(), "--once"));
      assertEquals(1, logs.lines(Level.WARN).size(), logs.lines(Level.WARN).toString());
    }
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine command =
        ProcessorMain.commandLine(new ProcessorMain(environment, Clock.systemUTC(), null));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }
}
