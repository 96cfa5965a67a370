package queue.bench.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The raw cost of durability on this disk: what any durable queue pays at least. An append of 200
 * bytes and an fsync (a log's commit), and a bare replace of a small file (write temp, fsync,
 * rename, fsync the directory), which is the shape of every save of queue.json.
 */
final class Floor implements AutoCloseable {
  private static final byte[] RECORD = new byte[200];

  private final Path directory;
  private final FileChannel log;

  Floor(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
    Arrays.fill(RECORD, (byte) 'x');
    this.log =
        FileChannel.open(
            directory.resolve("append.log"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
  }

  /** Appends 200 bytes and fsyncs; returns the elapsed nanoseconds. */
  long appendAndFsync() throws IOException {
    long start = System.nanoTime();
    log.write(ByteBuffer.wrap(RECORD));
    log.force(true);
    return System.nanoTime() - start;
  }

  /** Replaces a 200-byte file atomically and durably; returns the elapsed nanoseconds. */
  long bareCommit() throws IOException {
    Path temp = directory.resolve("bare.json.tmp");
    Path target = directory.resolve("bare.json");
    long start = System.nanoTime();
    try (FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(RECORD));
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
    return System.nanoTime() - start;
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
