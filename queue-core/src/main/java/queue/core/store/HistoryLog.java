package queue.core.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import queue.core.Ids;
import queue.core.Quoted;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.FileOps;
import queue.core.json.Json;
import queue.core.json.JsonProblems;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.snapshot.History;
import queue.core.snapshot.History.Retired;
import tools.jackson.core.JacksonException;

/**
 * {@code history/YYYY-MM-DD.jsonl}: delivered entries retired from {@code queue.json}, one JSON
 * object a line (the entry's fields, its body and its thread), by the day they were delivered
 * (UTC). A line written before threads has no {@code threadId}: its message started its own. Lines
 * are appended and fsynced before the entries leave {@code queue.json}, so a crash in between can
 * write a line twice but never lose one. Writes go through {@link FileOps}, so tests can fail them;
 * an append that fails, or that a killed writer left half done, leaves no partial line behind.
 */
public final class HistoryLog implements History {
  private static final String SUFFIX = ".jsonl";

  private final Path directory;
  private final FileOps ops;

  public HistoryLog(Path dataDirectory, FileOps ops) {
    this.directory = dataDirectory.resolve("history");
    this.ops = ops;
  }

  /** One line of history: an entry as it was delivered, with its message's body and thread. */
  record Line(
      String id,
      String messageId,
      String recipient,
      String sender,
      String body,
      Instant createdAt,
      String state,
      int attempts,
      Instant deliveredAt,
      String threadId,
      String inReplyTo) {

    static Line of(Retired retired) {
      Entry e = retired.entry();
      return new Line(
          e.id(),
          e.messageId(),
          e.recipient(),
          e.sender(),
          retired.body(),
          e.createdAt(),
          e.state().name(),
          e.attempts(),
          e.deliveredAt(),
          retired.threadId(),
          retired.inReplyTo());
    }

    Retired toRetired() {
      Entry entry =
          new Entry.Builder(id, messageId, recipient, sender, 0, createdAt)
              .state(EntryState.valueOf(state))
              .attempts(attempts)
              .deliveredAt(deliveredAt)
              .build();
      return new Retired(entry, body, threadId == null ? messageId : threadId, inReplyTo);
    }
  }

  @Override
  public void append(List<Retired> delivered) {
    if (delivered.isEmpty()) {
      return;
    }
    Map<Path, StringBuilder> byDay = new TreeMap<>();
    for (Retired retired : delivered) {
      String day = retired.entry().deliveredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
      byDay
          .computeIfAbsent(directory.resolve(day + SUFFIX), d -> new StringBuilder())
          .append(Json.mapper().writeValueAsString(Line.of(retired)))
          .append('\n');
    }
    try {
      ops.createDirectories(directory);
      for (var day : byDay.entrySet()) {
        appendDurably(day.getKey(), day.getValue().toString());
      }
    } catch (IOException e) {
      throw new SaveFailedException(
          "could not append to " + directory + ": " + e + "; the entries stay in queue.json", e);
    }
  }

  // A file ends with a whole line, or is cut back to its last one: what a failed append wrote is
  // taken away again, and a line a writer killed mid-append left without its end is dropped (its
  // entries were still in queue.json, so this append or a later one writes them again).
  private void appendDurably(Path file, String lines) throws IOException {
    long whole = endOfLastLine(file);
    try (FileChannel channel = ops.openForAppend(file)) {
      if (channel.size() > whole) {
        channel.truncate(whole);
      }
      try {
        ops.write(channel, ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8)));
        ops.force(channel);
      } catch (IOException e) {
        cutBack(channel, whole, e);
        throw e;
      }
    }
  }

  private static void cutBack(FileChannel channel, long size, IOException failure) {
    try {
      channel.truncate(size);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** The length of {@code file} up to and with its last newline; 0 if it has none or is missing. */
  private static long endOfLastLine(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer chunk = ByteBuffer.allocate(8192);
      for (long end = in.size(); end > 0; end -= chunk.capacity()) {
        long start = Math.max(0, end - chunk.capacity());
        chunk.clear().limit((int) (end - start));
        while (chunk.hasRemaining() && in.read(chunk, start + chunk.position()) >= 0) {
          // A whole chunk is read before it is searched.
        }
        for (int i = chunk.position() - 1; i >= 0; i--) {
          if (chunk.get(i) == '\n') {
            return start + i + 1;
          }
        }
      }
      return 0;
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  @Override
  public List<Retired> findByMessagePrefix(String prefix) {
    return find(
        List.of("\"messageId\":\"" + prefix), r -> r.entry().messageId().startsWith(prefix));
  }

  @Override
  public List<Retired> findById(String prefix) {
    return find(
        List.of("\"id\":\"" + prefix, "\"messageId\":\"" + prefix),
        r -> r.entry().id().startsWith(prefix) || r.entry().messageId().startsWith(prefix));
  }

  // A thread's first message is found by its id: a line written before threads names no thread.
  @Override
  public List<Retired> findByThread(String threadId) {
    return find(
        List.of("\"threadId\":\"" + threadId + "\"", "\"messageId\":\"" + threadId + "\""),
        r -> r.threadId().equals(threadId));
  }

  /**
   * Scans every day's file. A line is parsed only when it holds one of the {@code needles}, so the
   * cost is one read of the history; a line twice (a crash between append and removal) counts once.
   */
  private List<Retired> find(List<String> needles, Predicate<Retired> wanted) {
    Map<String, Retired> found = new TreeMap<>();
    for (Path file : files()) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String text;
        while ((text = reader.readLine()) != null) {
          if (holdsAny(text, needles)) {
            Retired retired = parse(file, text);
            if (wanted.test(retired)) {
              found.putIfAbsent(retired.entry().id(), retired);
            }
          }
        }
      } catch (IOException e) {
        throw new CorruptStateException("cannot read " + file + ": " + IoReasons.of(e), e);
      }
    }
    return List.copyOf(found.values());
  }

  private static boolean holdsAny(String text, List<String> needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  private static Retired parse(Path file, String text) {
    Retired retired;
    try {
      retired = Json.mapper().readValue(text, Line.class).toRetired();
    } catch (JacksonException e) {
      throw notHistory(file, JsonProblems.describe(e), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw notHistory(file, e.getMessage(), e);
    }
    Entry entry = retired.entry();
    if (!Ids.isValid(entry.id())
        || !Ids.isValid(entry.messageId())
        || !Ids.isValid(retired.threadId())
        || (retired.inReplyTo() != null && !Ids.isValid(retired.inReplyTo()))) {
      throw notHistory(
          file,
          "entry "
              + Quoted.of(entry.id())
              + " of message "
              + Quoted.of(entry.messageId())
              + " has an invalid id",
          null);
    }
    return retired;
  }

  private static CorruptStateException notHistory(Path file, String problem, Throwable cause) {
    return new CorruptStateException(
        file + " holds a line that is not a history entry: " + problem, cause);
  }

  private List<Path> files() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      stream.forEach(found::add);
    } catch (NoSuchFileException e) {
      return found;
    } catch (IOException e) {
      throw new CorruptStateException("cannot list " + directory + ": " + IoReasons.of(e), e);
    }
    found.sort(null);
    return found;
  }
}
