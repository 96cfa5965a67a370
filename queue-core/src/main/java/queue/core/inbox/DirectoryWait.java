package queue.core.inbox;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for files to arrive in a directory: a watch where the platform has one, and at most a poll
 * interval in any case (a directory that does not exist yet is polled until it does).
 */
public final class DirectoryWait implements AutoCloseable {
  private final Path directory;
  private WatchService watch;

  public DirectoryWait(Path directory) {
    this.directory = directory;
  }

  public void await(Duration atMost) throws InterruptedException {
    if (watch == null) {
      watch = tryWatch();
    }
    if (watch == null) {
      Thread.sleep(atMost.toMillis());
      return;
    }
    WatchKey key = watch.poll(atMost.toNanos(), TimeUnit.NANOSECONDS);
    if (key != null) {
      key.pollEvents();
      key.reset();
    }
  }

  // A rename into the directory (how a delivery lands) is reported as a creation.
  private WatchService tryWatch() {
    if (!Files.isDirectory(directory)) {
      return null;
    }
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      directory.register(service, StandardWatchEventKinds.ENTRY_CREATE);
      return service;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        // Nothing is left to wait for.
      }
    }
  }
}
