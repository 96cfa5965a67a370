package queue.core.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.store.FileStore;

/**
 * Registers as a running processor of a data directory, prints "registered", and stays until its
 * stdin is closed (or it is killed).
 *
 * <p>Args: DIR OWNER
 */
public final class ProcessorMarkMain {
  private ProcessorMarkMain() {}

  public static void main(String[] args) throws IOException {
    Clock clock = Clock.systemUTC();
    OpenOptions options =
        OpenOptions.defaults(clock).withTimeouts(Duration.ofSeconds(10), Duration.ZERO);
    try (QueueStore store = FileStore.open(Path.of(args[0]), options)) {
      ProcessorInfo me =
          new ProcessorInfo(args[1], "it", ProcessHandle.current().pid(), clock.instant());
      Liveness.Registration registration = store.liveness().register(me);
      try {
        System.out.println("registered as " + args[1]);
        System.out.flush();
        while (System.in.read() >= 0) {
          // Running until the parent closes the pipe.
        }
      } finally {
        registration.close();
      }
    }
  }
}
