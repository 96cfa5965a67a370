package queue.cli.send;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import queue.core.error.InvalidInputException;

/**
 * When a send falls due: {@code --delay DURATION} from now, or {@code --at TIME}, an ISO-8601 time
 * with an offset or {@code HH:MM}, the next such local time (in the clock's zone) strictly after
 * now: during the very minute it names, that is tomorrow.
 */
final class Schedule {
  private static final Pattern CLOCK_TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");

  private Schedule() {}

  /** The time the send's entries fall due, or null for at once. */
  static Instant notBefore(Duration delay, String at, Clock clock) {
    if (delay != null && at != null) {
      throw new InvalidInputException("--delay and --at cannot be used together: choose one");
    }
    if (delay != null) {
      return clock.instant().plus(delay);
    }
    return at == null ? null : parseAt(at, clock);
  }

  private static Instant parseAt(String text, Clock clock) {
    Matcher clockTime = CLOCK_TIME.matcher(text.trim());
    if (clockTime.matches()) {
      return nextLocal(text, clockTime, clock);
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeException e) {
      throw invalid(text);
    }
    if (at.isBefore(clock.instant())) {
      throw new InvalidInputException(
          "--at " + text + " is in the past (now is " + clock.instant() + "): give a later time");
    }
    return at;
  }

  private static Instant nextLocal(String text, Matcher clockTime, Clock clock) {
    LocalTime time;
    try {
      time =
          LocalTime.of(Integer.parseInt(clockTime.group(1)), Integer.parseInt(clockTime.group(2)));
    } catch (DateTimeException e) {
      throw invalid(text);
    }
    ZonedDateTime now = ZonedDateTime.now(clock);
    ZonedDateTime today = now.with(time);
    return (today.isAfter(now) ? today : now.plusDays(1).with(time)).toInstant();
  }

  private static InvalidInputException invalid(String text) {
    return new InvalidInputException(
        "invalid --at '"
            + text
            + "': use HH:MM (the next such local time) or an ISO-8601 time with an offset,"
            + " e.g. 2026-03-01T17:00:00+01:00");
  }
}
