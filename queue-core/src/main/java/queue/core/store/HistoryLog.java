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
import queue.core.Ids;
import queue.core.Quoted;
import queue.core.api.EntryView;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.FileOps;
import queue.core.json.Json;
import queue.core.json.JsonProblems;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.snapshot.History;
import tools.jackson.core.JacksonException;

/**
 * {@code history/YYYY-MM-DD.jsonl}: delivered entries retired from {@code queue.json}, one JSON
 * object a line (the entry's fields and its body), by the day they were delivered (UTC). Lines are
 * appended and fsynced before the entries leave {@code queue.json}, so a crash in between can write
 * a line twice but never lose one. Writes go through {@link FileOps}, so tests can fail them; an
 * append that fails, or that a killed writer left half done, leaves no partial line behind.
 */
public final class HistoryLog implements History {
  private static final String SUFFIX = ".jsonl";

  private final Path directory;
  private final FileOps ops;

  public HistoryLog(Path dataDirectory, FileOps ops) {
    this.directory = dataDirectory.resolve("history");
    this.ops = ops;
  }

  /** One line of history: an entry as it was delivered, with its message body. */
  record Line(
      String id,
      String messageId,
      String recipient,
      String sender,
      String body,
      Instant createdAt,
      String state,
      int attempts,
      Instant deliveredAt) {

    static Line of(EntryView view) {
      Entry e = view.entry();
      return new Line(
          e.id(),
          e.messageId(),
          e.recipient(),
          e.sender(),
          view.body(),
          e.createdAt(),
          e.state().name(),
          e.attempts(),
          e.deliveredAt());
    }

    EntryView toView() {
      Entry entry =
          new Entry.Builder(id, messageId, recipient, sender, 0, createdAt)
              .state(EntryState.valueOf(state))
              .attempts(attempts)
              .deliveredAt(deliveredAt)
              .build();
      return new EntryView(entry, body);
    }
  }

  @Override
  public void append(List<EntryView> delivered) {
    if (delivered.isEmpty()) {
      return;
    }
    Map<Path, StringBuilder> byDay = new TreeMap<>();
    for (EntryView view : delivered) {
      String day = view.entry().deliveredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
      byDay
          .computeIfAbsent(directory.resolve(day + SUFFIX), d -> new StringBuilder())
          .append(Json.mapper().writeValueAsString(Line.of(view)))
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

  /**
   * Scans every day's file. A line is parsed only when it holds the prefix, so the cost is one read
   * of the history; a line twice (a crash between append and removal) counts once.
   */
  @Override
  public List<EntryView> findByMessagePrefix(String prefix) {
    String needle = "\"messageId\":\"" + prefix;
    Map<String, EntryView> found = new TreeMap<>();
    for (Path file : files()) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String text;
        while ((text = reader.readLine()) != null) {
          if (text.contains(needle)) {
            EntryView view = parse(file, text);
            if (view.entry().messageId().startsWith(prefix)) {
              found.putIfAbsent(view.entry().id(), view);
            }
          }
        }
      } catch (IOException e) {
        throw new CorruptStateException("cannot read " + file + ": " + IoReasons.of(e), e);
      }
    }
    return List.copyOf(found.values());
  }

  private static EntryView parse(Path file, String text) {
    EntryView view;
    try {
      view = Json.mapper().readValue(text, Line.class).toView();
    } catch (JacksonException e) {
      throw notHistory(file, JsonProblems.describe(e), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw notHistory(file, e.getMessage(), e);
    }
    if (!Ids.isValid(view.entry().id()) || !Ids.isValid(view.entry().messageId())) {
      throw notHistory(
          file,
          "entry "
              + Quoted.of(view.entry().id())
              + " of message "
              + Quoted.of(view.entry().messageId())
              + " has an invalid id",
          null);
    }
    return view;
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
