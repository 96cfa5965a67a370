package queue.core.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The names of unread messages that a reader has taken: {@code new/ID.json} renamed to {@code
 * new/.ID.json.taken-PID-START} by the reader with that pid and start time (in milliseconds),
 * before it prints the message. A rename is atomic, so of several readers exactly one takes a file;
 * the others find it gone. The leading dot hides a taken file from {@code ls} and from Maildir
 * readers.
 *
 * <p>A reader that dies holding one (a kill -9 between taking and marking read) leaves it behind;
 * the next reader of the inbox finds its owner gone and renames it back to {@code new/ID.json}, so
 * it is printed again: nothing is lost, and a message can be printed twice only across such a
 * crash. Readers of one inbox must see each other's processes (one machine, one pid namespace).
 */
final class TakenFiles {
  private static final String MARK = ".taken-";
  private static final String OWN = ownerOf(ProcessHandle.current());

  private TakenFiles() {}

  /**
   * Takes an unread file for this process.
   *
   * @return its taken name, or empty if another reader took it first
   */
  static Optional<Path> take(Path unread) throws IOException {
    Path taken = unread.resolveSibling("." + unread.getFileName() + MARK + OWN);
    try {
      Files.move(unread, taken, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(taken);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The unread name a taken file came from: {@code .ID.json.taken-OWNER} → {@code ID.json}. */
  static Path unreadName(Path taken) {
    String name = taken.getFileName().toString();
    return taken.resolveSibling(name.substring(1, name.lastIndexOf(MARK)));
  }

  /** True for the name of a file some reader took. */
  static boolean isTaken(Path file) {
    String name = file.getFileName().toString();
    int mark = name.lastIndexOf(MARK);
    return name.startsWith(".") && mark > 1 && name.substring(0, mark).endsWith(".json");
  }

  /** True when the reader that took {@code taken} is gone: its file is for someone to give back. */
  static boolean isAbandoned(Path taken) {
    String name = taken.getFileName().toString();
    String owner = name.substring(name.lastIndexOf(MARK) + MARK.length());
    if (owner.equals(OWN)) {
      return false;
    }
    int dash = owner.indexOf('-');
    long pid;
    long start;
    try {
      pid = Long.parseLong(owner.substring(0, dash));
      start = Long.parseLong(owner.substring(dash + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return true;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    return process.isEmpty() || start != 0 && !ownerOf(process.get()).equals(owner);
  }

  // The start time tells a reader from a later process that got its pid; 0 where it is unknown.
  private static String ownerOf(ProcessHandle process) {
    long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return process.pid() + "-" + start;
  }
}
