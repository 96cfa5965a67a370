package queue.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The narrow seam between the atomic save and the disk. Production code uses {@link
 * DefaultFileOps}; tests decorate it to fail a write, an fsync, a link or a rename on demand.
 */
public interface FileOps {

  /** Creates a new file (never an existing one) readable and writable by the owner only. */
  FileChannel createNew(Path path) throws IOException;

  /** Opens a file to append to, creating it (owner only) if it does not exist. */
  FileChannel openForAppend(Path path) throws IOException;

  /** Creates a directory and any missing parents, each readable by the owner only. */
  void createDirectories(Path directory) throws IOException;

  void write(FileChannel channel, ByteBuffer content) throws IOException;

  /** Flushes a file's content and metadata to the device (fsync). */
  void force(FileChannel channel) throws IOException;

  /** Renames {@code source} over {@code target} atomically, replacing it if it exists. */
  void atomicMove(Path source, Path target) throws IOException;

  /** Makes {@code link} a second name for {@code existing} (a hard link). */
  void link(Path link, Path existing) throws IOException;

  void deleteIfExists(Path path) throws IOException;

  /** Flushes a directory's entries (renames, creations) to the device. */
  void forceDirectory(Path directory) throws IOException;
}
