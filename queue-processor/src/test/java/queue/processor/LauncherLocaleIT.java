package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.model.EntryState;
import queue.processor.testing.ProcessorProcess;
import queue.processor.testing.TestQueue;

/**
 * Issue 9, defect 4, for the processor: started by bin/queue-processor with an empty environment
 * (env -i: no LANG, so the C locale), it works in a data directory whose name is not ASCII and runs
 * an exec agent whose path and arguments are not ASCII, handing it the body unchanged.
 */
class LauncherLocaleIT {
  private static final Path LOGS = Path.of("target", "it-logs", "locale");
  private static final String WORDS = "héllo ✓ 日本";

  @TempDir Path dir;

  @Test
  void anExecAgentWithANonAsciiPathRunsUnderAnEmptyEnvironment() throws Exception {
    Path data = dir.resolve("données " + WORDS);
    Path agentDir = Files.createDirectories(dir.resolve("agent " + WORDS));
    Path script = agentDir.resolve("récepteur.sh");
    Files.writeString(
        script,
        "#!/bin/sh\nprintf '%s' \"$1\" > \"$(dirname \"$0\")/argument\"\n"
            + "cat > \"$(dirname \"$0\")/received.json\"\n",
        StandardCharsets.UTF_8);
    assertTrue(script.toFile().setExecutable(true));
    try (TestQueue queue = TestQueue.inDirectory(data, Clock.systemUTC())) {
      queue.addExec("alice", script.toString(), WORDS);
      queue.send("body " + WORDS, "alice");

      try (ProcessorProcess processor =
          ProcessorProcess.launch(
              LOGS,
              "empty-environment",
              Map.of("JAVA_HOME", System.getProperty("java.home")),
              "--dir",
              data.toString(),
              "--once")) {
        assertEquals(0, processor.awaitExit(120), processor.output());
        assertTrue(processor.output().contains("processing " + data), processor.output());
      }

      assertEquals(EntryState.DELIVERED, queue.entry(0).state(), queue.entry(0).toString());
    }
    assertEquals(WORDS, Files.readString(agentDir.resolve("argument"), StandardCharsets.UTF_8));
    assertTrue(
        Files.readString(agentDir.resolve("received.json"), StandardCharsets.UTF_8)
            .contains("\"body\":\"body " + WORDS + "\""));
  }
}
