package queue.processor.bench;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notes when each file appears in inbox {@code new/} directories (inotify through the JDK's watch
 * service), with System.nanoTime on arrival: the end point of the latency measurements.
 */
final class InboxWatch implements AutoCloseable {
  private final WatchService service;
  private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Thread thread;

  InboxWatch(Iterable<Path> newDirectories) throws IOException {
    service = FileSystems.getDefault().newWatchService();
    for (Path dir : newDirectories) {
      dir.register(service, StandardWatchEventKinds.ENTRY_CREATE);
    }
    thread = new Thread(this::run, "inbox-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        long now = System.nanoTime();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path name) {
            if (seenAt.putIfAbsent(name.toString(), now) == null) {
              count.incrementAndGet();
              synchronized (arrivals) {
                arrivals.add(new Arrival(name.toString(), now));
              }
            }
          } else {
            System.err.println("watch overflow: counts may be low");
          }
        }
        key.reset();
      }
    } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
      // closed
    }
  }

  /** A file seen in a {@code new/} directory, and when. */
  record Arrival(String name, long nanos) {}

  /** The {@code index}-th file seen (from 0), or null if fewer have been seen so far. */
  Arrival arrival(int index) {
    synchronized (arrivals) {
      return index < arrivals.size() ? arrivals.get(index) : null;
    }
  }

  /** The {@code index}-th file seen (from 0), waited for up to 30 s. */
  Arrival await(int index) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    Arrival arrival;
    while ((arrival = arrival(index)) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("inbox file " + index + " never appeared");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000);
    }
    return arrival;
  }

  /** When {@code fileName} appeared, or null if it has not. */
  Long seenAt(String fileName) {
    return seenAt.get(fileName);
  }

  int count() {
    return count.get();
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
