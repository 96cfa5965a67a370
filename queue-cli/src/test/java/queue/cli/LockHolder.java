package queue.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import queue.core.store.DefaultFileOps;
import queue.core.store.StateFiles;

/**
 * A separate process that takes the queue lock of a data directory, prints "locked", and holds it
 * until its stdin closes: the other writer in the end-to-end tests.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) {
    StateFiles files =
        new StateFiles(Path.of(args[0]), new DefaultFileOps(), Duration.ofSeconds(10));
    files.locked(
        () -> {
          System.out.println("locked");
          System.out.flush();
          try {
            while (System.in.read() >= 0) {
              // Held until the test closes our stdin or kills us.
            }
          } catch (IOException e) {
            // The test is gone; exiting releases the lock.
          }
          return null;
        });
  }
}
