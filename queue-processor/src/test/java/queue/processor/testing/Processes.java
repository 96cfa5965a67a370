package queue.processor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Processes seen through /proc, where a killed process that no one reaped is a zombie. */
public final class Processes {
  private Processes() {}

  /** True while {@code pid} exists and is not a zombie. */
  public static boolean isRunning(long pid) {
    try {
      String stat =
          Files.readString(
              Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
