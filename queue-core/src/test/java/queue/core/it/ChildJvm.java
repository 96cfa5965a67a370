package queue.core.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A separate JVM running one of the test mains on the test classpath, with its stdout lines
 * collected as they come and its stderr passed through for diagnosis. The one launcher of the
 * core's multi-process tests.
 */
final class ChildJvm {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::collectLines, "stdout of pid " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Quick start matters more than peak speed: the ITs start dozens of short-lived JVMs.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      return new ChildJvm(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  Process process() {
    return process;
  }

  List<String> lines() {
    return lines;
  }

  /** The last complete line printed, or "" before the first. */
  String lastLine() {
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** Closes the JVM's stdin, which the lock holder waits on. */
  void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Kills the JVM with SIGKILL and waits until it is gone and its output is read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join();
  }

  /** Waits for a normal exit and its output; returns the exit code. */
  int awaitExit() throws InterruptedException {
    int code = process.waitFor();
    reader.join();
    return code;
  }

  private void collectLines() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The JVM was killed mid-line: what was read so far stays.
    }
  }
}
