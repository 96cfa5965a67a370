package queue.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock that tells another clock's time in a zone of its own: local time in a test. */
final class ZonedClock extends Clock {
  private final Clock time;
  private final ZoneId zone;

  ZonedClock(Clock time, ZoneId zone) {
    this.time = time;
    this.zone = zone;
  }

  @Override
  public Instant instant() {
    return time.instant();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new ZonedClock(time, other);
  }
}
