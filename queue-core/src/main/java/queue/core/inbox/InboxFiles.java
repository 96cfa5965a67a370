package queue.core.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.DefaultFileOps;
import queue.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an inbox (its layout is {@link Inbox}'s): the processor writes {@code tmp/ID.json} and
 * renames it into {@code new/}; a reader that acknowledges takes a message (a rename, see {@link
 * TakenFiles}) before it prints it and then marks it read by moving it into {@code cur/}. Entry ids
 * sort in queue order, so the names of {@code new/} in order are the delivery order. Read by {@code
 * queue inbox} and by the MCP server's {@code fetch_messages}.
 */
public final class InboxFiles {
  private static final Logger log = LoggerFactory.getLogger(InboxFiles.class);

  // A body is at most 1 MiB, which JSON escaping can grow to 6 MiB.
  private static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

  private final Inbox inbox;

  public InboxFiles(Inbox inbox) {
    this.inbox = inbox;
  }

  public Path unreadDirectory() {
    return inbox.unread();
  }

  /**
   * The unread messages' files, oldest first; none if {@code new/} does not exist yet. A file that
   * a reader took and left behind when it died is given back first (see {@link TakenFiles}).
   */
  public List<Path> unread() {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(unreadDirectory())) {
      for (Path file : stream) {
        if (TakenFiles.isTaken(file)) {
          giveBackIfAbandoned(file).ifPresent(files::add);
        } else if (file.getFileName().toString().endsWith(".json")) {
          files.add(file);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot list " + unreadDirectory() + ": " + IoReasons.of(e) + "; check its permissions",
          e);
    }
    files.sort(null);
    return files;
  }

  /**
   * A message file as read: its JSON object, or the problem that makes it none; neither when the
   * file is gone (another reader acknowledged it).
   */
  public record Read(JsonNode message, String problem) {}

  public Read read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      return new Read(null, null);
    } catch (IOException e) {
      return new Read(null, "cannot read it: " + IoReasons.of(e));
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return new Read(null, "it is over " + MAX_FILE_BYTES + " bytes");
    }
    JsonNode message;
    try {
      message = Json.mapper().readTree(bytes);
    } catch (JacksonException e) {
      return new Read(null, "it is not a queue message: " + firstLine(e.getMessage()));
    }
    if (!message.isObject()) {
      return new Read(null, "it is not a queue message: not a JSON object");
    }
    return new Read(message, null);
  }

  /** The unread name of a message file, taken or not: {@code ID.json}. */
  public static Path unreadName(Path file) {
    return TakenFiles.isTaken(file) ? TakenFiles.unreadName(file) : file;
  }

  // A reader without the right to rename here (another user's inbox, read-only) leaves it.
  private static Optional<Path> giveBackIfAbandoned(Path taken) {
    if (!TakenFiles.isAbandoned(taken)) {
      return Optional.empty();
    }
    Path unread = TakenFiles.unreadName(taken);
    try {
      Files.move(taken, unread, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(unread);
    } catch (NoSuchFileException e) {
      // Another reader gave it back first: it is in this listing or the next.
      return Optional.empty();
    } catch (IOException e) {
      log.debug("cannot give back {}: {}", taken, IoReasons.of(e));
      return Optional.empty();
    }
  }

  /**
   * Takes an unread message for this reader before it is printed, so that no other reader prints it
   * too.
   *
   * @return its new name, or empty if another reader took it first
   */
  public Optional<Path> take(Path unread) {
    try {
      return TakenFiles.take(unread);
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot take " + unread + " to print it: " + IoReasons.of(e) + "; check its permissions",
          e);
    }
  }

  /** Puts a taken message back among the unread (it was not printed, or is no message). */
  public void giveBack(Path taken) {
    Path unread = TakenFiles.unreadName(taken);
    try {
      Files.move(taken, unread, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot put " + taken + " back as " + unread + ": " + IoReasons.of(e), e);
    }
  }

  /**
   * Moves a taken message into {@code cur/} (made mode 0700 if missing) under its unread name:
   * read, the Maildir way.
   */
  public void markRead(Path taken) {
    Path read = inbox.read();
    Path name = TakenFiles.unreadName(taken).getFileName();
    try {
      DefaultFileOps.makeDirectories(read);
      Files.move(taken, read.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot mark " + name + " as read (move it into " + read + "): " + IoReasons.of(e), e);
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
