package queue.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Runs the command line in this JVM on a data directory, with captured stdout and stderr. */
final class Cli {
  private final Path dir;
  private Clock clock = Clock.systemUTC();
  private byte[] stdin = new byte[0];
  private boolean stdinIsTerminal = true;

  Cli(Path dir) {
    this.dir = dir;
  }

  record Result(int exit, String out, String err) {
    JsonNode json() {
      return Json.mapper().readTree(out);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  Cli clock(Clock value) {
    this.clock = value;
    return this;
  }

  /** The next runs read {@code bytes} from a piped (not terminal) stdin. */
  Cli stdin(byte[] bytes) {
    this.stdin = bytes;
    this.stdinIsTerminal = false;
    return this;
  }

  Cli stdin(String text) {
    return stdin(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs {@code queue --dir DIR ARGS...}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
    all.addAll(List.of(args));
    return runRaw(all.toArray(new String[0]));
  }

  /** Runs {@code queue ARGS...} without adding --dir. */
  Result runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            Map.of(),
            new ByteArrayInputStream(stdin),
            stdinIsTerminal,
            false,
            clock,
            "tester",
            verbose -> {});
    int exit =
        QueueMain.commandLine(environment, new PrintWriter(out), new PrintWriter(err), args)
            .execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /**
   * Every file under the data directory and its bytes, to prove a refused command wrote nothing.
   */
  Map<String, String> files() {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        if (!path.getFileName().toString().equals("queue.json.lock")) {
          files.put(
              dir.relativize(path).toString(),
              java.util.HexFormat.of().formatHex(Files.readAllBytes(path)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
