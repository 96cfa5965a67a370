package queue.core.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.files.FileOps;

/**
 * The temp files of saves: {@code NAME.tmp-<random>} next to the file {@code NAME} they replace.
 * Each is created new under the lock, and renamed or removed before the lock is released, so one
 * found while no one holds the lock is a crashed writer's leftover.
 */
final class TempFiles {
  private static final String MARK = ".tmp-";
  private static final Logger log = LoggerFactory.getLogger(TempFiles.class);

  private final Path directory;
  private final FileOps ops;

  TempFiles(Path directory, FileOps ops) {
    this.directory = directory;
    this.ops = ops;
  }

  /** A new temp file name for a save, or a rollback, of {@code target}. */
  static Path nameFor(Path target) {
    return named(target, "");
  }

  /** A new temp file name for a write probe next to {@code target}. */
  static Path probeNameFor(Path target) {
    return named(target, "probe-");
  }

  // 64 random bits: temp files are made under the lock, and one that meets a killed writer's
  // leftover of the same name fails (created new, never overwritten). Not a UUID: its secure random
  // generator took a cold send some 30 ms to set up.
  private static Path named(Path target, String purpose) {
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return target.resolveSibling(target.getFileName() + MARK + purpose + random);
  }

  /** The temp files in the directory: a crashed writer's leftovers, unless the lock is held. */
  List<Path> list() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + MARK + "*")) {
      for (Path file : stream) {
        found.add(file);
      }
    } catch (IOException e) {
      throw new CorruptStateException("cannot list " + directory + ": " + IoReasons.of(e), e);
    }
    return found;
  }

  /** Removes every temp file; call it holding the lock, so that all are leftovers. */
  int removeLeftovers() {
    List<Path> leftovers = list();
    leftovers.forEach(this::remove);
    if (!leftovers.isEmpty()) {
      log.info("removed {} leftover temp file(s) in {}", leftovers.size(), directory);
    }
    return leftovers.size();
  }

  // A temp file that stays costs only space, so a failed removal is no reason to fail the caller.
  void remove(Path file) {
    try {
      ops.deleteIfExists(file);
    } catch (IOException e) {
      log.warn(
          "could not remove temp file {}: {}; a later save or 'queue doctor' removes it",
          file,
          e.toString());
    }
  }
}
