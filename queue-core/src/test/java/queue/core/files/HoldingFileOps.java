package queue.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real file system, except that fsyncs wait until released: every one (a save that holds the
 * queue lock for as long as a test needs), or those of the files created with a name that holds a
 * given part (a checkpoint's file, written without the lock).
 */
public final class HoldingFileOps implements FileOps {
  private final FileOps real = new DefaultFileOps();
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final String namePart;
  private final Set<FileChannel> held = ConcurrentHashMap.newKeySet();

  /** Holds every fsync. */
  public HoldingFileOps() {
    this(null);
  }

  private HoldingFileOps(String namePart) {
    this.namePart = namePart;
  }

  /** Holds the fsyncs of the files created with a name that holds {@code namePart}. */
  public static HoldingFileOps ofFilesNamed(String namePart) {
    return new HoldingFileOps(namePart);
  }

  /** Waits until an fsync is held (a minute at most: then the test has failed). */
  public void awaitHolding() throws InterruptedException {
    if (!holding.await(1, TimeUnit.MINUTES)) {
      throw new AssertionError("no fsync was held");
    }
  }

  public void release() {
    release.countDown();
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    if (namePart != null && !held.contains(channel)) {
      real.force(channel);
      return;
    }
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
    FileChannel channel = real.createNew(path);
    if (namePart != null && path.getFileName().toString().contains(namePart)) {
      held.add(channel);
    }
    return channel;
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
