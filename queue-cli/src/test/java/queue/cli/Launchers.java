package queue.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** Runs the real launchers, bin/queue and bin/queue-processor, as separate processes. */
final class Launchers {
  static final Path ROOT = findRoot();

  private Launchers() {}

  record Run(int exit, String out, String err) {
    JsonNode json() {
      return Json.mapper().readTree(out);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  static ProcessBuilder queue(Path dir, String... args) {
    ProcessBuilder builder = command("bin/queue", "--dir", dir.toString());
    builder.command().addAll(List.of(args));
    return builder;
  }

  /** {@code LAUNCHER ARGS}, where LAUNCHER is bin/queue or bin/queue-processor. */
  static ProcessBuilder command(String launcher, String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve(launcher).toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  static Process processor(Path dir, Path log, String... args) {
    return startLogged(command("bin/queue-processor", "--dir", dir.toString()), log, args);
  }

  /** Starts {@code builder} with {@code args} appended, stdout and stderr to {@code log}. */
  static Process startLogged(ProcessBuilder builder, Path log, String... args) {
    builder.command().addAll(List.of(args));
    try {
      return builder
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same command with SIGINT back to its default action, for a test that sends it: a JVM
   * started with SIGINT ignored (the build run as a background job of a script, or under nohup)
   * installs no handler for it, and its children inherit the ignoring.
   */
  static ProcessBuilder interruptible(ProcessBuilder builder) {
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
    command.addAll(builder.command());
    return builder.command(command);
  }

  /** Ends what a test started: SIGTERM, and SIGKILL for one still running a while after. */
  static void stopAll(List<Process> started) throws InterruptedException {
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Sends SIGINT, as Ctrl-C at a terminal does. */
  static void interrupt(Process process) {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -INT " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs bin/queue to the end (at most a minute) with stdin from /dev/null. */
  static Run run(Path dir, String... args) {
    return run(queue(dir, args));
  }

  /** Runs a launcher to the end (at most a minute) with stdin from /dev/null. */
  static Run run(ProcessBuilder builder) {
    return start(builder).finish();
  }

  /** A started bin/queue whose stdout and stderr go to temp files. */
  record Started(Process process, Path out, Path err) {
    Run finish() {
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("bin/queue did not finish within 60s");
        }
        return new Run(process.exitValue(), read(out), read(err));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static Started start(ProcessBuilder builder) {
    try {
      Path out = Files.createTempFile("queue-out", ".txt");
      Path err = Files.createTempFile("queue-err", ".txt");
      out.toFile().deleteOnExit();
      err.toFile().deleteOnExit();
      if (builder.redirectInput() == ProcessBuilder.Redirect.PIPE) {
        // No test types at the command; a test that gives input sets its own redirect.
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      }
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      return new Started(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/queue"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/queue above " + System.getProperty("user.dir"));
    }
    return dir;
  }
}
