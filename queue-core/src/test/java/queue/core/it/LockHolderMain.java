package queue.core.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import queue.core.files.DefaultFileOps;
import queue.core.store.StateFiles;

/**
 * Takes the queue lock of a data directory, prints "locked", and holds it until its stdin is
 * closed.
 *
 * <p>Args: DIR
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) {
    StateFiles files =
        new StateFiles(Path.of(args[0]), new DefaultFileOps(), Duration.ofSeconds(10), true);
    files.locked(
        () -> {
          System.out.println("locked");
          System.out.flush();
          try {
            while (System.in.read() >= 0) {
              // Holding until the parent closes the pipe.
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return null;
        });
  }
}
