package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import queue.processor.testing.LogCapture;

/** {@code queue-processor --http}: how the option starts the status server, or refuses. */
class ProcessorHttpOptionTest {
  @TempDir Path dir;
  @RegisterExtension LogCapture logs = new LogCapture();

  @Test
  void aMalformedAddressIsBadUsageBeforeTheStoreIsOpened() {
    StringWriter err = new StringWriter();
    int code = run(err, "--dir", dir.resolve("never").toString(), "--http", "localhost");

    assertEquals(2, code);
    assertTrue(err.toString().contains("invalid --http 'localhost'"), err.toString());
    assertFalse(dir.resolve("never").toFile().exists(), "nothing was created");
  }

  @Test
  void runsWithTheStatusServerOnAFreeLoopbackPortAndStopsIt() {
    StringWriter err = new StringWriter();
    int code =
        run(err, "--dir", dir.resolve("queue").toString(), "--once", "--http", "127.0.0.1:0");

    assertEquals(0, code, err.toString());
    assertEquals(
        1, logs.lines(Level.WARN, "which has no agents").size(), logs.lines(Level.WARN).toString());
  }

  private int run(StringWriter err, String... args) {
    CommandLine commandLine =
        ProcessorMain.commandLine(new ProcessorMain(Map.of(), Clock.systemUTC(), null));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
