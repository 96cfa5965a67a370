package queue.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.error.CorruptStateException;
import queue.core.error.IoReasons;
import queue.core.error.SaveFailedException;
import queue.core.files.FileOps;

/**
 * {@code queue.json.journal}: the changes made since {@code queue.json} was last rewritten, one
 * line each, appended and fsynced under the queue lock. A line is {@code NUMBER JSON CRC\n}: the
 * record's number, its JSON (no line break: JSON escapes them) and the CRC32C of everything before
 * the space ahead of the CRC, as 8 hex digits. The first line (its number is that of the last
 * record {@code queue.json} holds) says which {@code queue.json} the journal follows; the next
 * lines are the records after it, numbered one by one.
 *
 * <p>Guarantees: {@link #append} writes a record after the last whole one and fsyncs it, the commit
 * point; if it fails, the journal is cut back to where it was. A last line cut short by a crash (or
 * a failed append whose cut-back failed too) is not a record: readers leave it out and the next
 * append cuts it off. A damaged line before the last is corruption: {@link #read} refuses it,
 * naming the record and its byte offset. The journal is created and replaced whole, with its first
 * line, by the locked atomic save ({@link StateFiles#save}), never here.
 */
final class Journal {
  static final String NAME = StateFiles.QUEUE_FILE + ".journal";
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  private static final int CRC_DIGITS = 8;
  private static final HexFormat HEX = HexFormat.of();

  private final Path path;
  private final FileOps ops;

  Journal(Path directory, FileOps ops) {
    this(directory, NAME, ops);
  }

  /** The journal named {@code name} in {@code directory}: {@code doctor} reads its generation. */
  Journal(Path directory, String name, FileOps ops) {
    this.path = directory.resolve(name);
    this.ops = ops;
  }

  Path path() {
    return path;
  }

  /**
   * The journal and one of its lines, as errors name them: {@code …/queue.json.journal, record 7 at
   * byte 812}.
   */
  Path where(Line line) {
    return path.resolveSibling(
        path.getFileName() + ", record " + line.number() + " at byte " + line.start());
  }

  /**
   * One whole line: the record's number, its CRC, where it starts and ends in the journal, and its
   * JSON, {@code text} from {@code jsonFrom} to {@code jsonTo}: {@code text} is the bytes read,
   * which the lines read together share, so that only the JSON a reader asks for is copied.
   */
  record Line(long number, long crc, long start, long end, byte[] text, int jsonFrom, int jsonTo) {
    byte[] json() {
      return java.util.Arrays.copyOfRange(text, jsonFrom, jsonTo);
    }
  }

  /**
   * Where a reader got to: the journal's first line (by its CRC), and its last whole record (0 and
   * the first line's end when there is none yet), so that a later read can check it still reads the
   * same file and go on from there.
   */
  record Position(long firstCrc, long lastNumber, long lastCrc, long lastStart, long end) {}

  /**
   * The lines read: the first one (null when reading on from a position), the records, where the
   * whole ones end, and the file's size (larger when a last line is cut short).
   */
  record Contents(Line first, List<Line> records, Position position, long size) {}

  /** The whole journal; empty if there is none. */
  Optional<Contents> read() {
    return readFrom(null);
  }

  /**
   * The records after {@code known}, if the journal is still the one {@code known} was read from
   * (same first line, its last record still there); otherwise, or when {@code known} is null, the
   * whole journal. Empty if there is none.
   */
  Optional<Contents> readFrom(Position known) {
    DataDirectory.requireRegularFile(path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (known != null && size >= known.end()) {
        Contents after = readOn(channel, known, size);
        if (after != null) {
          return Optional.of(after);
        }
      }
      return Optional.of(readWhole(channel, size));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CorruptStateException(
          "cannot read " + path + ": " + IoReasons.of(e) + "; check its owner and permissions", e);
    }
  }

  /**
   * For {@code doctor}: where the first damaged line that is not the last starts, its record number
   * (-1 when it cannot be read) and how many lines follow it; empty if there is none.
   */
  Optional<Damage> damage() {
    byte[] bytes;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      bytes = readRange(channel, 0, channel.size());
    } catch (IOException e) {
      return Optional.empty();
    }
    int start = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      if (end < 0 || end == bytes.length - 1) {
        return Optional.empty();
      }
      if (parse(bytes, start, end, 0) == null) {
        int after = 0;
        for (int i = end + 1; i < bytes.length; i++) {
          after += bytes[i] == '\n' ? 1 : 0;
        }
        return Optional.of(new Damage(start, numberOf(bytes, start, end), after));
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  /** A damaged line: where it starts, its record number (-1 if unreadable), lines after it. */
  record Damage(long offset, long number, int linesAfter) {}

  private Contents readWhole(FileChannel channel, long size) throws IOException {
    byte[] bytes = readRange(channel, 0, size);
    List<Line> lines = lines(bytes, 0);
    if (lines.isEmpty()) {
      throw corrupt("its first line is missing or damaged", null);
    }
    Line first = lines.get(0);
    List<Line> records = lines.subList(1, lines.size());
    return new Contents(first, List.copyOf(records), positionAfter(first, records), size);
  }

  // The last record known is read again: if it is not byte for byte the same, the file was
  // replaced or cut back since, and the caller reads it whole.
  // Nothing is taken from the file before its first line and the last record known are found
  // byte for byte where they were: a journal replaced since holds other lines at those offsets.
  private Contents readOn(FileChannel channel, Position known, long size) throws IOException {
    if (!sameFirstLine(channel, known)) {
      return null;
    }
    byte[] bytes = readRange(channel, known.lastStart(), size);
    int end = indexOf(bytes, (byte) '\n', 0);
    Line last = end < 0 ? null : parse(bytes, 0, end, known.lastStart());
    if (last == null || last.crc() != known.lastCrc() || last.number() != known.lastNumber()) {
      return null;
    }
    byte[] after = java.util.Arrays.copyOfRange(bytes, end + 1, bytes.length);
    List<Line> records = lines(after, last.end());
    Position position =
        records.isEmpty()
            ? known
            : new Position(
                known.firstCrc(),
                records.get(records.size() - 1).number(),
                records.get(records.size() - 1).crc(),
                records.get(records.size() - 1).start(),
                records.get(records.size() - 1).end());
    return new Contents(null, List.copyOf(records), position, size);
  }

  private boolean sameFirstLine(FileChannel channel, Position known) throws IOException {
    byte[] head = readRange(channel, 0, Math.min(channel.size(), 4096));
    int end = indexOf(head, (byte) '\n', 0);
    Line first = end < 0 ? null : parse(head, 0, end, 0);
    return first != null && first.crc() == known.firstCrc();
  }

  private static Position positionAfter(Line first, List<Line> records) {
    Line last = records.isEmpty() ? first : records.get(records.size() - 1);
    return new Position(first.crc(), last.number(), last.crc(), last.start(), last.end());
  }

  /**
   * Appends one record after the last whole line ({@code at}, from the read this writer made under
   * the lock), cutting off what a crashed writer left after it, and fsyncs: the commit point.
   *
   * @return where the journal now ends
   */
  Position append(Position at, long number, byte[] json) {
    byte[] line = line(number, json);
    FileChannel channel = openAfter(at.end());
    try {
      ops.write(channel, ByteBuffer.wrap(line));
      // The commit point: once this fsync returns, the record is the transaction's.
      ops.force(channel);
    } catch (IOException e) {
      throw new SaveFailedException(
          "could not save " + path + ": " + IoReasons.of(e) + cutBack(channel, at.end(), e), e);
    } finally {
      closeQuietly(channel);
    }
    long crc = crcOf(line, 0, line.length - CRC_DIGITS - 2);
    return new Position(at.firstCrc(), number, crc, at.end(), at.end() + line.length);
  }

  // What a writer killed mid-append left after the last whole line is cut off first.
  private FileChannel openAfter(long end) {
    FileChannel channel = null;
    try {
      channel = ops.openForAppend(path);
      if (channel.size() != end) {
        log.info(
            "cutting off {} bytes a crashed writer left at the end of {}",
            channel.size() - end,
            path);
        channel.truncate(end);
      }
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new SaveFailedException(
          "could not save " + path + ": " + IoReasons.of(e) + "; it still holds its previous state",
          e);
    }
  }

  private void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", path, e.toString());
    }
  }

  // A failed append leaves no part of its record behind: readers would take a whole one that
  // happened to reach the file as committed.
  private String cutBack(FileChannel channel, long end, IOException failure) {
    try {
      channel.truncate(end);
      ops.force(channel);
      return "; it still holds its previous state";
    } catch (IOException e) {
      failure.addSuppressed(e);
      log.error("could not cut {} back to {} bytes after a failed append", path, end, e);
      return "; cutting it back failed too, so it may hold the change; run 'queue doctor'";
    }
  }

  /** A new journal's bytes, and where its last record ends. */
  record Start(byte[] bytes, Position end) {}

  /**
   * A journal that starts with {@code first} (numbered {@code number}) and holds {@code records},
   * the records after it taken from the journal it replaces, line for line.
   */
  static Start startingWith(long number, byte[] first, List<Line> records) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(first);
    long firstCrc = crcOf(first, 0, first.length - CRC_DIGITS - 2);
    Position end = new Position(firstCrc, number, firstCrc, 0, first.length);
    for (Line record : records) {
      byte[] line = line(record.number(), record.json());
      end =
          new Position(
              firstCrc, record.number(), record.crc(), bytes.size(), bytes.size() + line.length);
      bytes.writeBytes(line);
    }
    return new Start(bytes.toByteArray(), end);
  }

  /** One line of the journal: {@code NUMBER JSON CRC\n}. */
  static byte[] line(long number, byte[] json) {
    byte[] prefix = (number + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[prefix.length + json.length + 1 + CRC_DIGITS + 1];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(json, 0, line, prefix.length, json.length);
    int covered = prefix.length + json.length;
    line[covered] = ' ';
    // HexFormat, not String.format: a line is written under the queue lock on every commit.
    String crc = HEX.toHexDigits((int) crcOf(line, 0, covered));
    System.arraycopy(crc.getBytes(StandardCharsets.US_ASCII), 0, line, covered + 1, CRC_DIGITS);
    line[line.length - 1] = '\n';
    return line;
  }

  private List<Line> lines(byte[] bytes, long offset) {
    return lines(bytes, offset, Integer.MAX_VALUE);
  }

  // Every whole line up to the first that is not: that one must be the last thing in the file
  // (cut short by a crash, or the record of an append that was never acknowledged).
  private List<Line> lines(byte[] bytes, long offset, int most) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    while (start < bytes.length && lines.size() < most) {
      int end = indexOf(bytes, (byte) '\n', start);
      Line line = end < 0 ? null : parse(bytes, start, end, offset);
      if (line == null) {
        if (end >= 0 && end < bytes.length - 1) {
          throw corrupt(
              "the line at byte "
                  + (offset + start)
                  + describe(bytes, start, end)
                  + " is damaged and more follows it",
              null);
        }
        break;
      }
      lines.add(line);
      start = end + 1;
    }
    return lines;
  }

  private static String describe(byte[] bytes, int start, int end) {
    long number = numberOf(bytes, start, end);
    return number < 0 ? "" : " (record " + number + ")";
  }

  // The number a line starts with, or -1 when it has none.
  private static long numberOf(byte[] bytes, int start, int end) {
    int space = indexOf(bytes, (byte) ' ', start);
    if (space < 0 || space > end) {
      return -1;
    }
    String number = new String(bytes, start, space - start, StandardCharsets.US_ASCII);
    return number.matches("\\d{1,18}") ? Long.parseLong(number) : -1;
  }

  // NUMBER JSON CRC: a line whose CRC does not match what it covers is not whole. Every line
  // since the last checkpoint passes here on every fresh read, so nothing is built for it but
  // the line itself.
  private static Line parse(byte[] bytes, int start, int end, long offset) {
    int crcStart = end - CRC_DIGITS;
    int space = indexOf(bytes, (byte) ' ', start);
    if (space <= start || crcStart - 1 <= space || bytes[crcStart - 1] != ' ') {
      return null;
    }
    long number = space - start > 18 ? -1 : digits(bytes, start, space, 10);
    long crc = digits(bytes, crcStart, end, 16);
    if (number < 0 || crc < 0 || crc != crcOf(bytes, start, crcStart - 1 - start)) {
      return null;
    }
    return new Line(number, crc, offset + start, offset + end + 1, bytes, space + 1, crcStart - 1);
  }

  // The value of the digits from..to in base 10 or 16, or -1 when one is not a digit.
  private static long digits(byte[] bytes, int from, int to, int radix) {
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = Character.digit(bytes[i], radix);
      if (digit < 0) {
        return -1;
      }
      value = value * radix + digit;
    }
    return value;
  }

  private static long crcOf(byte[] bytes, int start, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, start, length);
    return crc.getValue();
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private byte[] readRange(FileChannel channel, long from, long to) throws IOException {
    long length = to - from;
    if (length > StateFiles.MAX_FILE_BYTES) {
      throw corrupt("it is over the " + StateFiles.MAX_FILE_BYTES + "-byte limit", null);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
      // A whole range is read before it is split into lines.
    }
    return buffer.position() == length
        ? buffer.array()
        : java.util.Arrays.copyOf(buffer.array(), buffer.position());
  }

  CorruptStateException corrupt(String problem, Throwable cause) {
    return StateCodec.corrupt(path, problem, cause);
  }
}
