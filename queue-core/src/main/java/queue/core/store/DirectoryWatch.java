package queue.core.store;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Changes;

/**
 * The file store's change signal: a watch on the data directory. Every change appends to {@code
 * queue.json.journal}, which the watch service reports as a modification, and a checkpoint renames
 * new files over {@code queue.json} and the journal (a creation). Where the platform's watch
 * service is slow or missing, callers' polls still find new work.
 */
final class DirectoryWatch implements Changes {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);

  private final Path directory;

  DirectoryWatch(Path directory) {
    this.directory = directory;
  }

  @Override
  public Subscription subscribe(Runnable listener) {
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      directory.register(
          service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      Thread thread = new Thread(() -> watch(service, listener), "directory-watch");
      thread.setDaemon(true);
      thread.start();
      return () -> close(service, thread);
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot watch {} ({}); changes are found by polling", directory, e.toString());
      return () -> {};
    }
  }

  private static void watch(WatchService service, Runnable listener) {
    try {
      while (true) {
        WatchKey key = service.take();
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW || isQueueFile(event);
        }
        if (relevant) {
          listener.run();
        }
        if (!key.reset()) {
          log.warn("the data directory is no longer watched; changes are found by polling");
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // Closed with the subscription.
    }
  }

  // A change appends to the journal (a modification); a checkpoint renames both files.
  private static boolean isQueueFile(WatchEvent<?> event) {
    if (!(event.context() instanceof Path path)) {
      return false;
    }
    String name = path.getFileName().toString();
    return name.equals(StateFiles.QUEUE_FILE) || name.equals(Journal.NAME);
  }

  private static void close(WatchService service, Thread thread) {
    try {
      service.close();
      thread.join(1000);
    } catch (IOException e) {
      log.debug("closing the watch service: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
