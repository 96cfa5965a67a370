package queue.core.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import queue.core.files.DefaultFileOps;
import queue.core.store.StateFiles;

/**
 * Adds one to the number in {@code counter.txt} of a data directory ROUNDS times, each a read and a
 * write under the queue lock with a yield between them: a lock that let two processes in at once
 * would lose increments. Prints "done" at the end.
 *
 * <p>Args: DIR ROUNDS
 */
public final class LockCounterMain {
  static final String COUNTER = "counter.txt";

  private LockCounterMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    StateFiles files = new StateFiles(dir, new DefaultFileOps(), Duration.ofSeconds(60), true);
    int rounds = Integer.parseInt(args[1]);
    for (int i = 0; i < rounds; i++) {
      files.locked(() -> increment(dir.resolve(COUNTER)));
    }
    System.out.println("done");
  }

  private static Void increment(Path counter) {
    try {
      long seen = Files.exists(counter) ? Long.parseLong(Files.readString(counter).trim()) : 0;
      Thread.yield();
      Files.writeString(counter, Long.toString(seen + 1));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
