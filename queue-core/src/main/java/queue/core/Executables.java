package queue.core;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether a program can be run as an exec agent's command, as the operating system would find it: a
 * name with a '/' must be an executable regular file; a bare name must be one in a directory of
 * PATH. Registration refuses a program that is not (exit 2), and the processor, checking against
 * its own PATH, takes it as a permanent error rather than retrying it for hours.
 */
public final class Executables {
  private Executables() {}

  /**
   * Why {@code program} cannot be run, in a few words ("no such file", "not an executable file",
   * "not found on PATH"), or null when it can.
   *
   * @param program an absolute path, or a bare name looked up in {@code searchPath}
   * @param searchPath the value of PATH: directories separated by ':'; null for none
   * @throws InvalidPathException if {@code program} is no path on this system
   */
  public static String problem(String program, String searchPath) {
    if (program.contains("/")) {
      Path path = Path.of(program);
      if (!Files.exists(path)) {
        return "no such file";
      }
      return runnable(path) ? null : "not an executable file";
    }
    for (String directory : (searchPath == null ? "" : searchPath).split(":")) {
      if (!directory.isEmpty() && runnable(directory, program)) {
        return null;
      }
    }
    return "not found on PATH";
  }

  private static boolean runnable(String directory, String name) {
    try {
      return runnable(Path.of(directory, name));
    } catch (InvalidPathException e) {
      return false; // a PATH entry this system cannot name holds nothing to run
    }
  }

  private static boolean runnable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
