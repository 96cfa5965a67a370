package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.InvalidInputException;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.DefaultFileOps;
import queue.core.files.FileOps;

/**
 * The data directory, set up for its state files. A writer's is created if it is missing and kept
 * private (mode 0700; the files in it are made 0600 by {@link FileOps}); a reader's must exist and
 * is left as it is.
 */
final class DataDirectory {
  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private final Path path;
  private final boolean writable;

  private DataDirectory(Path path, boolean writable) {
    this.path = path;
    this.writable = writable;
  }

  /**
   * @param create true to create the directory (mode 0700) if it is missing and narrow an existing
   *     one to 0700; false for a reader, which needs the directory to exist and changes nothing
   */
  static DataDirectory open(Path directory, boolean create) {
    Path path = directory.toAbsolutePath().normalize();
    if (create) {
      create(path);
    } else {
      require(path);
    }
    return new DataDirectory(path, create);
  }

  /** The directory, absolute and normalized. */
  Path path() {
    return path;
  }

  /** True when opened by a command that writes. */
  boolean isWritable() {
    return writable;
  }

  // Opening a FIFO for reading blocks until a writer comes; a device or a directory is no state
  // file either. Refused before it is opened.
  static void requireRegularFile(Path file) {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new CorruptStateException(
          file
              + " is not a regular file (a FIFO, a device or a directory is in its place);"
              + " move it away, then run 'queue doctor'",
          null);
    }
  }

  /**
   * Writes, fsyncs and removes a small temp file, through the same file operations as a save: how
   * {@code doctor} finds a read-only file system, a full disk or a directory it may not write.
   */
  void probeWrite(FileOps ops) throws IOException {
    Path probe = TempFiles.probeNameFor(path.resolve(StateFiles.QUEUE_FILE));
    try (FileChannel channel = ops.createNew(probe)) {
      ops.write(channel, ByteBuffer.wrap(new byte[] {'\n'}));
      ops.force(channel);
    } finally {
      ops.deleteIfExists(probe);
    }
  }

  private static void require(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidInputException(
          "no queue at "
              + directory
              + ": "
              + (Files.exists(directory) ? "it is not a directory" : "the directory does not exist")
              + "; check --dir, --store and $QUEUE_DIR ('queue agents add' creates it)");
    }
  }

  private static void create(Path directory) {
    try {
      DefaultFileOps.makeDirectories(directory);
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot create the data directory "
              + directory
              + ": "
              + IoReasons.of(e)
              + "; check the path and the permissions of its parent",
          e);
    }
    try {
      makePrivate(directory);
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot narrow the data directory "
              + directory
              + " to mode 0700: "
              + IoReasons.of(e)
              + "; run this as the directory's owner, or give the queue a directory of its own"
              + " with --dir",
          e);
    }
  }

  // The directory holds every message body: a checkout's message_queue/ (made by git, 0755) or
  // one made by hand is narrowed to 0700 like the ones the queue creates.
  private static void makePrivate(Path directory) throws IOException {
    if (!DefaultFileOps.POSIX) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
    if (!mode.equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
      log.info("narrowed {} from {} to rwx------", directory, PosixFilePermissions.toString(mode));
    }
  }
}
