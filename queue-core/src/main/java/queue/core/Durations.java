package queue.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import queue.core.error.InvalidInputException;

/**
 * The one parser and printer of durations as users type them: 500ms, 10s, 5m, 1h, 7d. A duration is
 * at most {@link #MAX}, 36500 days (100 years), so that a time plus a duration stays a time the
 * queue can keep (see {@link TimeRange}) and a duration fits in nanoseconds.
 */
public final class Durations {
  public static final Duration MAX = Duration.ofDays(36_500);

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private Durations() {}

  /** Parses a duration, or throws {@link InvalidInputException} naming the value. */
  public static Duration parse(String text) {
    Matcher matcher = FORMAT.matcher(text == null ? "" : text.trim());
    if (!matcher.matches()) {
      throw new InvalidInputException(
          "invalid duration "
              + Quoted.of(text)
              + ": use a whole number and a unit, e.g. 500ms, 10s, 5m, 1h, 7d");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (duration.compareTo(MAX) > 0) {
      throw new InvalidInputException(
          "duration '" + text + "' is too long: the longest is " + format(MAX) + " (100 years)");
    }
    return duration;
  }

  /** The shortest exact form in the same units: 10s, 500ms, 1h. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0 && millis > 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
