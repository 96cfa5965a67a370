package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One processor under test: a name for the tables, the launcher that starts it (this checkout's
 * bin/queue-processor, or another build's) and the JVM options it adds (QUEUE_JAVA_OPTS). Written
 * on the command line as {@code NAME=LAUNCHER} or {@code NAME=LAUNCHER;OPTIONS}.
 */
record Variant(String name, Path launcher, String javaOptions) {

  static Variant parse(String text) {
    int equals = text.indexOf('=');
    if (equals < 1) {
      throw new IllegalArgumentException("a variant is NAME=LAUNCHER[;JVM OPTIONS], not " + text);
    }
    String rest = text.substring(equals + 1);
    int semicolon = rest.indexOf(';');
    return semicolon < 0
        ? new Variant(text.substring(0, equals), Path.of(rest), "")
        : new Variant(
            text.substring(0, equals),
            Path.of(rest.substring(0, semicolon)),
            rest.substring(semicolon + 1));
  }

  /** Starts this processor on {@code dir}, its output in {@code log}. */
  Daemon start(Path dir, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "--dir", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("QUEUE_JAVA_OPTS", javaOptions);
    return new Daemon(builder.start(), log);
  }
}
