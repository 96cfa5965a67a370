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
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.json.Json;
import queue.core.store.DefaultFileOps;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An inbox directory the Maildir way: the processor writes {@code tmp/ID.json} and renames it into
 * {@code new/}; a reader marks a message read by moving it into {@code cur/}. Entry ids sort in
 * queue order, so the names of {@code new/} in order are the delivery order. Read by {@code queue
 * inbox} and by the MCP server's {@code fetch_messages}.
 */
public final class InboxFiles {
  // A body is at most 1 MiB, which JSON escaping can grow to 6 MiB.
  private static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

  private final Path inbox;

  public InboxFiles(Path inbox) {
    this.inbox = inbox;
  }

  public Path unreadDirectory() {
    return inbox.resolve("new");
  }

  /** The unread messages' files, oldest first; none if {@code new/} does not exist yet. */
  public List<Path> unread() {
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

  /** Moves a message into {@code cur/} (made mode 0700 if missing): read, the Maildir way. */
  public void markRead(Path file) {
    Path read = inbox.resolve("cur");
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
