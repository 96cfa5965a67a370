package queue.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run that records the start-up archive (bin/queue, once per jar and JDK; the build,
 * for the JDK that builds): the commands scripts and agents run in loops (send, receive, inbox,
 * status), in the environment of a real run, on a throw-away data directory, so that the archive
 * holds the classes they load. Only those: every start maps and relocates the whole archive, so
 * each class in it costs every run a little (the JSON mapper, some 500 classes, was about half of
 * it). Other commands load what the archive lacks from the jar. It ends as a real run does, with
 * {@code System.exit}. Its output goes nowhere; it never touches a real queue.
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
              List.of("--dir", d, "receive", "w"),
              List.of("--dir", d, "receive", "w"),
              List.of("--dir", d, "inbox", "a"),
              List.of("--dir", d, "status", "--json"),
              List.of("--dir", d, "status"));
      for (List<String> run : runs) {
        String[] runArgs = run.toArray(new String[0]);
        QueueMain.commandLine(CliEnvironment.system(), sink(), sink(), runArgs).execute(runArgs);
      }
    } finally {
      deleteTree(dir);
    }
    System.exit(0);
  }

  // Encoded as a real run's output is, then dropped.
  private static PrintWriter sink() {
    return new PrintWriter(
        new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8), true);
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
