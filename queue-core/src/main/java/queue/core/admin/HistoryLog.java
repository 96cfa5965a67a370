package queue.core.admin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import queue.core.error.SaveFailedException;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.store.DefaultFileOps;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code history/YYYY-MM-DD.jsonl}: delivered entries retired from {@code queue.json}, one JSON
 * object a line (the entry's fields and its body), by the day they were delivered (UTC). Lines are
 * appended and fsynced before the entries leave {@code queue.json}, so a crash in between can write
 * a line twice but never lose one.
 */
public final class HistoryLog {
  private final Path directory;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public HistoryLog(Path dataDirectory) {
    this.directory = dataDirectory.resolve("history");
  }

  /** One line of history: an entry as it was delivered, with its message body. */
  public record Line(
      String id,
      String messageId,
      String recipient,
      String sender,
      String body,
      java.time.Instant createdAt,
      String state,
      int attempts,
      java.time.Instant deliveredAt) {

    static Line of(Entry entry, Message message) {
      return new Line(
          entry.id(),
          entry.messageId(),
          entry.recipient(),
          entry.sender(),
          message.body(),
          entry.createdAt(),
          entry.state().name(),
          entry.attempts(),
          entry.deliveredAt());
    }
  }

  public void append(List<Entry> entries, java.util.Map<String, Message> messages) {
    if (entries.isEmpty()) {
      return;
    }
    java.util.Map<Path, StringBuilder> byDay = new java.util.TreeMap<>();
    for (Entry entry : entries) {
      String day = entry.deliveredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
      byDay
          .computeIfAbsent(directory.resolve(day + ".jsonl"), d -> new StringBuilder())
          .append(mapper.writeValueAsString(Line.of(entry, messages.get(entry.messageId()))))
          .append('\n');
    }
    try {
      DefaultFileOps.createDirectories(directory);
      for (var day : byDay.entrySet()) {
        appendDurably(day.getKey(), day.getValue().toString());
      }
    } catch (IOException e) {
      throw new SaveFailedException(
          "could not append to " + directory + ": " + e + "; the entries stay in queue.json", e);
    }
  }

  private static void appendDurably(Path file, String lines) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            EnumSet.of(
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            DefaultFileOps.ownerOnlyFile())) {
      ByteBuffer buffer = ByteBuffer.wrap(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }
}
