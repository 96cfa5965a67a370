package queue.processor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.processor.web.DeliveryHistory.Minute;

class DeliveryHistoryTest {
  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");
  private final DeliveryHistory history = new DeliveryHistory();

  @Test
  void countsEachOutcomeInItsMinute() {
    history.delivered(NOON.plusSeconds(5));
    history.delivered(NOON.plusSeconds(59));
    history.retried(NOON.plusSeconds(30));
    history.failed(NOON.plusSeconds(61));

    List<Minute> hour = history.lastHour(NOON.plusSeconds(90));
    assertEquals(60, hour.size());
    assertEquals(NOON.plusSeconds(60), hour.get(59).start());
    assertEquals(new Minute(NOON, 2, 1, 0, -1), hour.get(58));
    assertEquals(new Minute(NOON.plusSeconds(60), 0, 0, 1, -1), hour.get(59));
  }

  @Test
  void keepsTheLargestBacklogOfAMinuteAndNothingForMinutesWithoutASample() {
    history.sampleBacklog(NOON, 7);
    history.sampleBacklog(NOON.plusSeconds(20), 12);
    history.sampleBacklog(NOON.plusSeconds(40), 3);

    List<Minute> hour = history.lastHour(NOON.plus(Duration.ofMinutes(2)));
    assertEquals(12, hour.get(57).backlog());
    assertTrue(hour.get(57).sampled());
    assertFalse(hour.get(58).sampled());
  }

  @Test
  void forgetsAMinuteAnHourLater() {
    history.delivered(NOON);
    history.delivered(NOON.plus(Duration.ofHours(1)));

    List<Minute> hour = history.lastHour(NOON.plus(Duration.ofHours(1)));
    assertEquals(1, hour.stream().mapToLong(Minute::delivered).sum());
    assertEquals(1, hour.get(59).delivered());
  }

  @Test
  void dropsAnOutcomeOfAMinuteWhoseSlotAlreadyHoldsALaterHour() {
    history.delivered(NOON.plus(Duration.ofHours(1)));
    history.delivered(NOON);

    assertEquals(1, history.lastHour(NOON.plus(Duration.ofHours(1))).get(59).delivered());
  }
}
