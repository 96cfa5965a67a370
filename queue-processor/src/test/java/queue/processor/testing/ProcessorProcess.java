package queue.processor.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import queue.processor.ProcessorMain;

/**
 * A queue-processor in a JVM of its own, its output in a log file: the one way the processor's
 * tests start one. Either from the test class path with the production logging (quick to start), or
 * through {@code bin/queue-processor} and the packaged jar, with exactly the environment given (as
 * {@code env -i} would), to test the launcher's own settings.
 */
public final class ProcessorProcess implements AutoCloseable {
  private static final Path LAUNCHER = Path.of("..", "bin", "queue-processor");

  private final Process process;
  private final Path log;

  private ProcessorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** {@code queue-processor --dir DATA_DIR ARGS} from the test class path. */
  public static ProcessorProcess start(Path logDir, String name, Path dataDir, String... args)
      throws IOException {
    return fromClassPath(logDir, name, List.of("--dir", dataDir.toString()), args);
  }

  /** {@code queue-processor --store STORE ARGS} from the test class path. */
  public static ProcessorProcess onStore(Path logDir, String name, String store, String... args)
      throws IOException {
    return fromClassPath(logDir, name, List.of("--store", store), args);
  }

  private static ProcessorProcess fromClassPath(
      Path logDir, String name, List<String> storeOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-Dlogback.configurationFile=" + productionLogging());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(ProcessorMain.class.getName());
    command.addAll(storeOptions);
    command.addAll(List.of(args));
    return run(new ProcessBuilder(command), logDir, name);
  }

  /**
   * {@code env -i ENVIRONMENT bin/queue-processor ARGS}: the launcher, the packaged jar, and no
   * variable but those given.
   */
  public static ProcessorProcess launch(
      Path logDir, String name, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("env", "-i"));
    environment.forEach((key, value) -> command.add(key + "=" + value));
    command.add(LAUNCHER.toAbsolutePath().normalize().toString());
    command.addAll(List.of(args));
    return run(new ProcessBuilder(command), logDir, name);
  }

  private static ProcessorProcess run(ProcessBuilder builder, Path logDir, String name)
      throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    return new ProcessorProcess(process, log);
  }

  // A URL: the main classes are a directory under surefire and the packaged jar under failsafe.
  private static String productionLogging() {
    return ProcessorMain.class.getResource("/logback.xml").toExternalForm();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the JVM gets no chance to clean up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGSTOP: the JVM stops where it is, as a process that stalls does. */
  public void suspend() throws IOException, InterruptedException {
    signal("STOP");
    // kill(2) returns before every thread of the JVM has stopped: a thread still running could,
    // say, take a lock its caller holds and releases right after this returns.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(this::everyThreadStopped);
  }

  private boolean everyThreadStopped() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      for (Path task : tasks.toList()) {
        String stat = Files.readString(task.resolve("stat"));
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        if (state != 'T' && state != 't') {
          return false;
        }
      }
      return true;
    } catch (NoSuchFileException e) {
      return false; // a thread that ended meanwhile: look again
    }
  }

  /** SIGCONT. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  /** SIGTERM, then the exit code; -1 if it did not exit within {@code timeoutSeconds}. */
  public int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    return awaitExit(timeoutSeconds);
  }

  /** The exit code; -1 if it did not exit within {@code timeoutSeconds}. */
  public int awaitExit(long timeoutSeconds) throws InterruptedException {
    return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + pid() + " failed");
    }
  }

  /** SIGKILL if it still runs (a stopped process too). */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
