package queue.processor.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import queue.core.files.FileOps;

/** The real file operations, each one timed into a {@link Trace} with the path it acted on. */
final class TracingFileOps implements FileOps {
  private final FileOps real;
  private final Trace trace;
  private final Map<FileChannel, Path> opened = new ConcurrentHashMap<>();

  TracingFileOps(FileOps real, Trace trace) {
    this.real = real;
    this.trace = trace;
  }

  @Override
  public FileChannel createNew(Path path) throws IOException {
    long start = System.nanoTime();
    FileChannel channel = real.createNew(path);
    opened.put(channel, path);
    trace.add(start, "create", path.toString());
    return channel;
  }

  @Override
  public FileChannel openForAppend(Path path) throws IOException {
    long start = System.nanoTime();
    FileChannel channel = real.openForAppend(path);
    opened.put(channel, path);
    trace.add(start, "append", path.toString());
    return channel;
  }

  @Override
  public void createDirectories(Path directory) throws IOException {
    long start = System.nanoTime();
    real.createDirectories(directory);
    trace.add(start, "mkdirs", directory.toString());
  }

  @Override
  public void write(FileChannel channel, ByteBuffer content) throws IOException {
    long start = System.nanoTime();
    real.write(channel, content);
    trace.add(start, "write", String.valueOf(opened.get(channel)));
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    long start = System.nanoTime();
    real.force(channel);
    trace.add(start, "fsync", String.valueOf(opened.remove(channel)));
  }

  @Override
  public void atomicMove(Path source, Path target) throws IOException {
    long start = System.nanoTime();
    real.atomicMove(source, target);
    trace.add(start, "rename", target.toString());
  }

  @Override
  public void link(Path link, Path existing) throws IOException {
    long start = System.nanoTime();
    real.link(link, existing);
    trace.add(start, "link", link.toString());
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    long start = System.nanoTime();
    real.deleteIfExists(path);
    trace.add(start, "delete", path.toString());
  }

  @Override
  public void forceDirectory(Path directory) throws IOException {
    long start = System.nanoTime();
    real.forceDirectory(directory);
    trace.add(start, "dirsync", directory.toString());
  }
}
