package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code queue-processor --http}: how the option starts the status server, or refuses. */
class ProcessorHttpOptionTest {
  @TempDir Path dir;

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
  }

  private int run(StringWriter err, String... args) {
    CommandLine commandLine =
        ProcessorMain.commandLine(new ProcessorMain(Map.of(), Clock.systemUTC(), null));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
