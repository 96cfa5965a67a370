package queue.processor.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import queue.core.files.DefaultFileOps;
import queue.core.files.FileOps;

/**
 * The real file system, except that the next fsync waits until released: a save that holds the
 * queue lock for as long as a test needs.
 */
public final class HoldingFileOps implements FileOps {
  private final FileOps real = new DefaultFileOps();
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Waits until a save holds the lock (inside its fsync). */
  public void awaitHolding() throws InterruptedException {
    holding.await();
  }

  public void release() {
    release.countDown();
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    holding.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while held", e);
    }
    real.force(channel);
  }

  @Override
  public FileChannel createNew(Path path) throws IOException {
    return real.createNew(path);
  }

  @Override
  public FileChannel openForAppend(Path path) throws IOException {
    return real.openForAppend(path);
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    real.createDirectories(directory);
  }

  @Override
  public void write(FileChannel channel, ByteBuffer content) throws IOException {
    real.write(channel, content);
  }

  @Override
  public void atomicMove(Path source, Path target) throws IOException {
    real.atomicMove(source, target);
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    real.link(link, existing);
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    real.deleteIfExists(path);
  }

  @Override
  public void forceDirectory(Path directory) throws IOException {
    real.forceDirectory(directory);
  }
}
