package queue.core;

import java.time.Instant;

/**
 * The times the queue keeps: from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z, the years an
 * ISO-8601 time writes with four digits and PostgreSQL's {@code timestamptz} holds. A time from
 * outside (a {@code --at}, a state file, an import, a database row) beyond them is refused. Within
 * them, and with durations of at most {@link Durations#MAX}, no sum or difference of times the
 * queue computes overflows, in milliseconds or in nanoseconds of a duration.
 */
public final class TimeRange {
  public static final Instant EARLIEST = Instant.EPOCH;
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private TimeRange() {}

  public static boolean contains(Instant time) {
    return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
  }

  /** The range in words, for an error message. */
  public static String describe() {
    return "from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z";
  }
}
