package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A processor under test, started by its launcher; its pid is the JVM's (the launcher execs). */
final class Daemon implements AutoCloseable {
  private static final Pattern STATUS_PAGE = Pattern.compile("status page on (http://\\S+/)");

  private final Process process;
  private final Path log;

  Daemon(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The peak resident set size of the processor's JVM so far (VmHWM), in MB. */
  long peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", "" + process.pid(), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }

  /** The status page's address, as the processor logs it when started with --http. */
  String statusPage() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher found = STATUS_PAGE.matcher(Files.readString(log));
      if (found.find()) {
        return found.group(1);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new IllegalStateException("the processor logged no status page address in " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
