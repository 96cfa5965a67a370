package queue.core.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * The instants of the state files. Every save writes them in one shape, UTC with an optional
 * fraction ({@code 2026-01-01T00:00:00.123456789Z}); that shape is parsed by hand, because {@link
 * Instant#parse} dominated reading a large {@code queue.json} (several instants per entry, read on
 * every change made by another process). Any other text goes through {@link Instant#parse}, so what
 * it accepts and rejects is unchanged. They are written by hand for the same reason, exactly as
 * {@link Instant#toString} does. {@link Reader} and {@link Writer} do the same for the mapper.
 */
public final class InstantText {
  private InstantText() {}

  /** The instant of {@code text}, as {@link Instant#parse} reads it. */
  public static Instant parse(String text) {
    Instant fast = parseUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other shape. */
  public static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = fraction(text, length);
    if ((year | month | day | hour | minute | second | nanos) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second, nanos);
  }

  private static int fraction(String text, int length) {
    if (length == 20) {
      return 0;
    }
    if (text.charAt(19) != '.') {
      return -1;
    }
    int value = digits(text, 20, length - 1);
    for (int scale = length - 21; scale < 9 && value >= 0; scale++) {
      value *= 10;
    }
    return value;
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static final long FIRST_SECOND_OF_YEAR_0 = -62_167_219_200L;
  private static final long LAST_SECOND_OF_YEAR_9999 = 253_402_300_799L;

  /** The same text as {@link Instant#toString}, built without a {@code DateTimeFormatter}. */
  public static String formatUtc(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST_SECOND_OF_YEAR_0 || seconds > LAST_SECOND_OF_YEAR_9999) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    int secondOfDay = Math.floorMod(seconds, 86_400);
    StringBuilder text = new StringBuilder(30);
    pad(text, date.getYear(), 4).append('-');
    pad(text, date.getMonthValue(), 2).append('-');
    pad(text, date.getDayOfMonth(), 2).append('T');
    pad(text, secondOfDay / 3600, 2).append(':');
    pad(text, secondOfDay / 60 % 60, 2).append(':');
    pad(text, secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      text.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(text, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        pad(text, nanos / 1000, 6);
      } else {
        pad(text, nanos, 9);
      }
    }
    return text.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder text, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits);
  }

  /** Reads instants as {@link #parse} does. */
  public static final class Reader extends ValueDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getString();
      try {
        return parse(text);
      } catch (DateTimeException e) {
        return (Instant) context.handleWeirdStringValue(Instant.class, text, e.getMessage());
      }
    }
  }

  /** Writes instants as {@link #formatUtc} does. */
  public static final class Writer extends ValueSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
      generator.writeString(formatUtc(value));
    }
  }
}
