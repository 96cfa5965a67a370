package queue.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code queue receive AGENT --follow --json} started by the real launcher, its stdout a pipe read
 * by a thread of its own that stamps each line with {@link System#nanoTime} as it arrives: the
 * harness thread may be busy sending or parsing, and must not delay the stamp.
 */
final class ReceiverProcess implements AutoCloseable {
  private static final long LINE_TIMEOUT_SECONDS = 120;

  /** A line of stdout and when the reader got it. */
  record Line(long nanos, String text) {}

  private final Process process;
  private final Path log;
  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  private ReceiverProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.reader = new Thread(this::readLines, "stdout of receive");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code LAUNCHER STORE_OPTION... receive AGENT --follow --json}, with the default lease;
   * stderr goes to {@code log}, {@code $QUEUE_DIR} is {@code localDir}.
   */
  static ReceiverProcess start(
      Path launcher, List<String> storeOption, String agent, Path log, Path localDir)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(storeOption);
    command.addAll(List.of("receive", agent, "--follow", "--json"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("QUEUE_DIR", localDir.toString());
    return new ReceiverProcess(builder.start(), log);
  }

  private void readLines() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(new Line(System.nanoTime(), line));
      }
    } catch (IOException e) {
      // The process was stopped: nothing more to read.
    }
  }

  /** The next line; fails if none comes within two minutes (a stuck or dead receiver). */
  Line next() throws InterruptedException {
    Line line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (line == null) {
      throw new IllegalStateException(
          "no line from receive within "
              + LINE_TIMEOUT_SECONDS
              + " s (alive: "
              + process.isAlive()
              + "); its stderr:\n"
              + stderr());
    }
    return line;
  }

  /** The next line if one comes within {@code millis}, else null. */
  Line poll(long millis) throws InterruptedException {
    return lines.poll(millis, TimeUnit.MILLISECONDS);
  }

  private String stderr() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the receiver with SIGTERM (the launcher execs the JVM), as a user's Ctrl-C would. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
