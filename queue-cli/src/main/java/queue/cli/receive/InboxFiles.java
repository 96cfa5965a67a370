package queue.cli.receive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.DefaultFileOps;
import queue.core.inbox.Inbox;
import queue.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an inbox (its layout is {@link Inbox}'s): the unread messages in {@code new/}, oldest
 * first, and marks one read by moving it into {@code cur/}.
 */
final class InboxFiles {
  // A body is at most 1 MiB, which JSON escaping can grow to 6 MiB.
  private static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

  private final Inbox inbox;

  InboxFiles(Inbox inbox) {
    this.inbox = inbox;
  }

  Path unreadDirectory() {
    return inbox.unread();
  }

  /** The unread messages' files, oldest first; none if {@code new/} does not exist yet. */
  List<Path> unread() {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(unreadDirectory(), "*.json")) {
      stream.forEach(files::add);
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
   * A message file as read: its message, or the problem that makes it none; neither when the file
   * is gone (another reader acknowledged it).
   */
  record Read(ShownMessage message, String problem) {}

  Read read(Path file) {
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
    try {
      return new Read(parse(file, Json.mapper().readTree(bytes)), null);
    } catch (JacksonException | DateTimeException e) {
      return new Read(null, "it is not a queue message: " + firstLine(e.getMessage()));
    }
  }

  private static ShownMessage parse(Path file, JsonNode node) {
    String name = file.getFileName().toString();
    String id = text(node, "id", name.substring(0, name.length() - Inbox.fileName("").length()));
    return new ShownMessage(
        id,
        text(node, "from", "?"),
        Instant.parse(text(node, "createdAt", Instant.EPOCH.toString())),
        text(node, "body", ""),
        node);
  }

  private static String text(JsonNode node, String field, String otherwise) {
    JsonNode value = node.get(field);
    return value == null || !value.isString() ? otherwise : value.asString();
  }

  /** Moves a message into {@code cur/} (made mode 0700 if missing): read, the Maildir way. */
  void markRead(Path file) {
    Path read = inbox.read();
    try {
      DefaultFileOps.makeDirectories(read);
      Files.move(file, read.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // Another reader acknowledged it first.
    } catch (IOException e) {
      throw new SaveFailedException(
          "cannot mark " + file + " as read (move it into " + read + "): " + IoReasons.of(e), e);
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
