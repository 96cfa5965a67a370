package queue.processor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesEveryCharacterThatMeansSomethingInTextOrAnAttribute() {
    assertEquals(
        "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
        Html.escape("<script>alert(\"x\" & 'y')</script>"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void cutsLongTextWithAnEllipsisAndNeverHalfACharacter() {
    assertEquals("abc…", Html.cut("abcdef", 3));
    assertEquals("abc", Html.cut("abc", 3));
    assertEquals("a…", Html.cut("a\uD83D\uDE00b", 2));
  }

  @Test
  void saysHowLongAgoInTheLargestFittingUnit() {
    assertEquals("just now", Html.since(Duration.ofMillis(400)));
    assertEquals("42 s ago", Html.since(Duration.ofSeconds(42)));
    assertEquals("5 min ago", Html.since(Duration.ofMinutes(5)));
    assertEquals("3 h ago", Html.since(Duration.ofHours(3)));
    assertEquals("2 d ago", Html.since(Duration.ofDays(2)));
    assertEquals("in 59 min", Html.since(Duration.ofMinutes(-59)));
  }

  @Test
  void showsAnInstantAsATimeElementWithTheExactTimeAsItsTooltip() {
    Instant at = Instant.parse("2026-03-01T12:00:00Z");
    assertEquals(
        "<time datetime=\"2026-03-01T12:00:00Z\" title=\"2026-03-01T12:00:00Z\">5 min ago</time>",
        Html.ago(at, at.plus(Duration.ofMinutes(5))));
  }
}
