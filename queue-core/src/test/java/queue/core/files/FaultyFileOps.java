package queue.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real file system with faults on demand: a chosen step fails a given number of times, then
 * works again. A failing write first writes half of its bytes, as a disk that fills up does.
 */
public final class FaultyFileOps implements FileOps {

  /** The steps of a save (and of an append to history) that can be made to fail. */
  public enum Step {
    WRITE,
    FORCE,
    MOVE,
    FORCE_DIRECTORY,
    LINK,
    /** Opening a file to append to (history). */
    OPEN_APPEND,
    CREATE_DIRECTORIES
  }

  private record Fault(int skip, int remaining, Supplier<IOException> error) {}

  private final FileOps real = new DefaultFileOps();
  private final Map<Step, Fault> faults = new EnumMap<>(Step.class);
  private final Map<Step, Integer> calls = new EnumMap<>(Step.class);

  public synchronized void failOnce(Step step) {
    fail(step, 1, () -> new IOException("injected failure at " + step));
  }

  public synchronized void failAlways(Step step) {
    fail(step, Integer.MAX_VALUE, () -> new IOException("injected failure at " + step));
  }

  public synchronized void fail(Step step, int times, Supplier<IOException> error) {
    faults.put(step, new Fault(0, times, error));
  }

  /** Lets the next {@code skip} calls of {@code step} work, then fails the one after. */
  public synchronized void failOnceAfter(Step step, int skip) {
    failAfter(step, skip, 1);
  }

  /** Lets the next {@code skip} calls of {@code step} work, then fails {@code times} calls. */
  public synchronized void failAfter(Step step, int skip, int times) {
    faults.put(step, new Fault(skip, times, () -> new IOException("injected failure at " + step)));
  }

  public synchronized void heal() {
    faults.clear();
  }

  /** How many times {@code step} was called, failed or not. */
  public synchronized int calls(Step step) {
    return calls.getOrDefault(step, 0);
  }

  @Override
  public FileChannel createNew(Path path) throws IOException {
    return real.createNew(path);
  }

  @Override
  public FileChannel openForAppend(Path path) throws IOException {
    throwIfFaulty(Step.OPEN_APPEND);
    return real.openForAppend(path);
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    throwIfFaulty(Step.CREATE_DIRECTORIES);
    real.createDirectories(directory);
  }

  @Override
  public void write(FileChannel channel, ByteBuffer content) throws IOException {
    IOException fault = next(Step.WRITE);
    if (fault != null) {
      ByteBuffer half = content.slice();
      half.limit(half.remaining() / 2);
      real.write(channel, half);
      throw fault;
    }
    real.write(channel, content);
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    throwIfFaulty(Step.FORCE);
    real.force(channel);
  }

  @Override
  public void atomicMove(Path source, Path target) throws IOException {
    throwIfFaulty(Step.MOVE);
    real.atomicMove(source, target);
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    throwIfFaulty(Step.LINK);
    real.link(link, existing);
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    real.deleteIfExists(path);
  }

  @Override
  public void forceDirectory(Path directory) throws IOException {
    throwIfFaulty(Step.FORCE_DIRECTORY);
    real.forceDirectory(directory);
  }

  private void throwIfFaulty(Step step) throws IOException {
    IOException fault = next(step);
    if (fault != null) {
      throw fault;
    }
  }

  private synchronized IOException next(Step step) {
    calls.merge(step, 1, Integer::sum);
    Fault fault = faults.get(step);
    if (fault == null || fault.remaining() == 0) {
      return null;
    }
    if (fault.skip() > 0) {
      faults.put(step, new Fault(fault.skip() - 1, fault.remaining(), fault.error()));
      return null;
    }
    faults.put(step, new Fault(0, fault.remaining() - 1, fault.error()));
    return fault.error().get();
  }
}
