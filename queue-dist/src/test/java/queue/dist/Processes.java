package queue.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end, its output captured through temp files. */
final class Processes {
  private Processes() {}

  record Run(List<String> command, int exit, String out, String err) {
    Run expect(int code) {
      if (exit != code) {
        throw new AssertionError("expected exit " + code + " from " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + ": exit "
          + exit
          + "\n--- out:\n"
          + out
          + "--- err:\n"
          + err;
    }
  }

  /** Runs {@code command} in {@code directory} with {@code environment} set, at most 2 minutes. */
  static Run run(Path directory, Map<String, String> environment, List<String> command) {
    try {
      Path out = Files.createTempFile("dist-out", ".txt");
      Path err = Files.createTempFile("dist-err", ".txt");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // A null value removes the variable (QUEUE_DIR, QUEUE_STORE of the build's environment).
        environment.forEach(
            (name, value) -> {
              if (value == null) {
                builder.environment().remove(name);
              } else {
                builder.environment().put(name, value);
              }
            });
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
        }
        return new Run(
            command,
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Run run(Path directory, List<String> command) {
    return run(directory, Map.of(), command);
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The file {@code property} names, which the build made (see the pom's failsafe settings). */
  static Path built(String property) {
    Path path = Path.of(System.getProperty(property));
    if (!Files.exists(path)) {
      throw new AssertionError(path + " is missing: build it with mvn -B package");
    }
    return path;
  }
}
