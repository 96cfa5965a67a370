package queue.processor;

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
import queue.core.store.StateFiles;

/**
 * Signals the loop when {@code queue.json} changes, so a new send is picked up within milliseconds.
 * Every save renames a new file over {@code queue.json}, which the watch service reports as a
 * creation (or a modification on some systems). Where the platform's watch service is slow or
 * missing, the loop's poll interval still finds new work.
 */
public final class DirectoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final WatchService service;
  private final Thread thread;

  private DirectoryWatcher(WatchService service, Thread thread) {
    this.service = service;
    this.thread = thread;
  }

  /** Starts watching; on failure logs why and returns a watcher that does nothing. */
  public static DirectoryWatcher start(Path directory, Wakeup wakeup) {
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      directory.register(
          service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      Thread thread = new Thread(() -> watch(service, wakeup), "directory-watcher");
      thread.setDaemon(true);
      thread.start();
      return new DirectoryWatcher(service, thread);
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot watch {} ({}); new sends are found by polling", directory, e.toString());
      return new DirectoryWatcher(null, null);
    }
  }

  private static void watch(WatchService service, Wakeup wakeup) {
    try {
      while (true) {
        WatchKey key = service.take();
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW || isQueueFile(event);
        }
        if (relevant) {
          wakeup.signal();
        }
        if (!key.reset()) {
          log.warn("the data directory is no longer watched; new sends are found by polling");
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // Closed at shutdown.
    }
  }

  private static boolean isQueueFile(WatchEvent<?> event) {
    return event.context() instanceof Path path
        && path.getFileName().toString().equals(StateFiles.QUEUE_FILE);
  }

  @Override
  public void close() {
    if (service == null) {
      return;
    }
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
