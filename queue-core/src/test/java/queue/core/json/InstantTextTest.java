package queue.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {

  @Test
  void readsEveryInstantTheSaveWritesExactlyAsInstantParseDoes() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-62_000_000_000L / 100, 253_402_300_799L);
      int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
      if (random.nextBoolean()) {
        nanos -= nanos % 1_000_000;
      }
      Instant instant = Instant.ofEpochSecond(Math.max(0, seconds), nanos);
      String text = instant.toString();
      assertEquals(Instant.parse(text), InstantText.parseUtc(text), text);
    }
  }

  @Test
  void leavesOtherShapesToInstantParse() {
    for (String text :
        List.of(
            "2026-01-01T00:00:00+01:00",
            "2026-01-01T00:00:00.Z",
            "2026-01-01 00:00:00Z",
            "+12026-01-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:60Z",
            "2026-01-01T00:00:00.1234567890Z",
            "2026-0a-01T00:00:00Z",
            "")) {
      assertNull(InstantText.parseUtc(text), text);
    }
  }

  @Test
  void readsShortFractions() {
    assertEquals(
        Instant.parse("2026-01-01T00:00:00.5Z"), InstantText.parseUtc("2026-01-01T00:00:00.5Z"));
    assertEquals(
        Instant.parse("2026-01-01T00:00:00.123Z"),
        InstantText.parseUtc("2026-01-01T00:00:00.123Z"));
  }

  @Test
  void writesEveryInstantExactlyAsInstantToStringDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L - 1000, 253_402_300_799L + 1000);
      int nanos =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertEquals(instant.toString(), InstantText.formatUtc(instant));
    }
    assertEquals(Instant.MAX.toString(), InstantText.formatUtc(Instant.MAX));
    assertEquals(Instant.MIN.toString(), InstantText.formatUtc(Instant.MIN));
  }
}
