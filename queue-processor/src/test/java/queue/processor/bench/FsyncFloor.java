package queue.processor.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor for inbox delivery on this machine: files written the way the inbox transport writes
 * them (tmp, fsync, rename into new/, fsync of new/), with nothing else around, on one thread and
 * on eight (one per agent, as the processor runs).
 */
final class FsyncFloor {
  private static final byte[] PAYLOAD = new byte[300];

  private FsyncFloor() {}

  /** Files per second written the inbox way by {@code threads} threads, one directory each. */
  static double rate(Path dir, int files, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      long started = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Path inbox = dir.resolve("agent-" + t);
        int count = files / threads;
        done.add(pool.submit(() -> write(inbox, count)));
      }
      for (Future<?> future : done) {
        future.get();
      }
      return files / ((System.nanoTime() - started) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static Void write(Path inbox, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      writeOne(inbox, i + ".json");
    }
    return null;
  }

  /**
   * Writes one file into {@code inbox} the way the inbox transport does, and returns how long it
   * took in nanoseconds: the floor of one delivery.
   */
  static long writeOne(Path inbox, String name) throws IOException {
    long started = System.nanoTime();
    Path tmp = Files.createDirectories(inbox.resolve("tmp"));
    Path fresh = Files.createDirectories(inbox.resolve("new"));
    Path temp = tmp.resolve(name);
    try (FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(PAYLOAD));
      channel.force(true);
    }
    Files.move(temp, fresh.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel directory = FileChannel.open(fresh, StandardOpenOption.READ)) {
      directory.force(true);
    }
    return System.nanoTime() - started;
  }
}
