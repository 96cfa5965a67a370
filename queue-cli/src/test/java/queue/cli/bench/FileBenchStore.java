package queue.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * File stores in directories under {@code work}; the floor is 300 bytes appended to a file in the
 * same directory and forced with its metadata, the cheapest durable write that disk offers. An
 * append rather than an overwrite: the file grows, so each force commits metadata too, as every
 * save of {@code queue.json} (a new file) does.
 */
final class FileBenchStore implements BenchStore {
  private static final byte[] PAYLOAD = new byte[300];

  private final Path work;
  private final FileChannel floor;
  private int created;

  FileBenchStore(Path work) throws IOException {
    this.work = Files.createDirectories(work);
    this.floor =
        FileChannel.open(
            work.resolve("floor.bin"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public String create() {
    // FileStore.open creates the directory, as the command line's does.
    return work.resolve("store-" + ++created).toString();
  }

  @Override
  public List<String> option(String location) {
    return List.of("--dir", location);
  }

  @Override
  public long floorNanos() throws IOException {
    long started = System.nanoTime();
    floor.write(ByteBuffer.wrap(PAYLOAD));
    floor.force(true);
    return System.nanoTime() - started;
  }

  @Override
  public String floorName() {
    return "300 B appended + force(true) in the same directory";
  }

  @Override
  public void close() {
    try {
      floor.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
