package queue.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import queue.core.api.Stores;

/**
 * The training run that records the start-up archive (bin/queue, once per jar and JDK; the build,
 * for the JDK that builds): the commands scripts and agents run in loops (send, receive, inbox,
 * status), on a throw-away data directory, so that the archive holds the classes they load. Only
 * those: every start maps and relocates the whole archive, so each class in it costs every run a
 * little (the JSON mapper, some 500 classes, was about half of it). Other commands load what the
 * archive lacks from the jar. Its output goes nowhere; it never touches a real queue.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("queue-cds-training");
    try {
      String d = dir.resolve("q").toString();
      List<List<String>> runs =
          List.of(
              List.of("--dir", d, "agents", "add", "a"),
              List.of("--dir", d, "agents", "add", "w", "--pull"),
              List.of("--dir", d, "send", "--to", "a", "x"),
              List.of("--dir", d, "send", "--to", "w", "x"),
              List.of("--dir", d, "send", "--to", "a", "-"),
              List.of("--dir", d, "receive", "w"),
              List.of("--dir", d, "receive", "w"),
              List.of("--dir", d, "inbox", "a"),
              List.of("--dir", d, "status", "--json"),
              List.of("--dir", d, "status"));
      for (List<String> run : runs) {
        String[] runArgs = run.toArray(new String[0]);
        QueueMain.commandLine(environment(), sink(), sink(), runArgs).execute(runArgs);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static CliEnvironment environment() {
    return new CliEnvironment(
        Map.of(),
        new CliEnvironment.Stdio(
            new ByteArrayInputStream("training".getBytes(StandardCharsets.UTF_8)), false, false),
        Clock.systemDefaultZone(),
        "training",
        new SystemProcess(),
        Stores::open);
  }

  private static PrintWriter sink() {
    return new PrintWriter(Writer.nullWriter());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(CdsTraining::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
