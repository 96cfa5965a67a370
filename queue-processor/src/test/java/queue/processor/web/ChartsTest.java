package queue.processor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChartsTest {
  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void scalesToOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(1, Charts.nice(OptionalLong.empty()));
    assertEquals(1, Charts.nice(OptionalLong.of(0)));
    assertEquals(2, Charts.nice(OptionalLong.of(2)));
    assertEquals(5, Charts.nice(OptionalLong.of(3)));
    assertEquals(10, Charts.nice(OptionalLong.of(7)));
    assertEquals(200, Charts.nice(OptionalLong.of(101)));
    assertEquals(1000, Charts.nice(OptionalLong.of(1000)));
  }

  @Test
  void drawsOneStackedBarPerOutcomeAndTheBacklogAsAnAreaWithAGapWhereNothingWasSampled() {
    DeliveryHistory history = new DeliveryHistory();
    history.delivered(NOON);
    history.retried(NOON);
    history.failed(NOON.plus(Duration.ofMinutes(1)));
    history.sampleBacklog(NOON, 4);
    history.sampleBacklog(NOON.plus(Duration.ofMinutes(1)), 8);
    history.sampleBacklog(NOON.plus(Duration.ofMinutes(3)), 2);
    StringBuilder svg = new StringBuilder();

    Charts.render(svg, history.lastHour(NOON.plus(Duration.ofMinutes(3))));

    String html = svg.toString();
    assertEquals(1, count(html, "<rect class=\"d\""));
    assertEquals(1, count(html, "<rect class=\"r\""));
    assertEquals(1, count(html, "<rect class=\"f\""));
    assertEquals(0, count(html, "<circle"), "no isolated dots");
    String area = pathOf(html, "ba");
    assertEquals(2, count(area, "M"), "two runs of samples, each an area: " + area);
    assertEquals(2, count(area, "Z"), area);
    String line = pathOf(html, "b");
    assertEquals(2, count(line, "M"), line);
    assertEquals(6, count(line, "L"), "each sampled minute a level one slot wide: " + line);
    assertTrue(html.contains("<title>12:03 UTC: backlog 2</title>"), html);
    assertTrue(html.contains("Deliveries per minute by this processor since it started"), html);
    assertTrue(html.contains("Backlog, as this processor read it since it started"), html);
    assertTrue(html.contains("<title>12:00 UTC: 1 delivered, 1 retried, 0 failed</title>"), html);
  }

  private static String pathOf(String html, String kind) {
    String start = "<path class=\"" + kind + "\" d=\"";
    String path = html.substring(html.indexOf(start) + start.length());
    return path.substring(0, path.indexOf('"'));
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
