package queue.processor.complete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.Outcome;
import queue.core.testing.MutableClock;
import queue.processor.deliver.DeliveryResult;
import queue.processor.testing.Claims;

class RetryPolicyTest {
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  /** A random source that always answers the same fraction. */
  private static RandomGenerator fixed(double fraction) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return fraction;
      }
    };
  }

  @Test
  void backoffStartsAtOneSecondAndDoublesUpToTenMinutes() {
    RetryPolicy policy = new RetryPolicy(clock, fixed(0.5), 100);
    List<Long> seconds =
        List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 30).stream()
            .map(attempt -> policy.backoff(attempt).toSeconds())
            .toList();
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 600L, 600L), seconds);
  }

  @Test
  void jitterStaysWithinTwentyPercentAndUnderTheCap() {
    assertEquals(Duration.ofMillis(800), new RetryPolicy(clock, fixed(0), 10).backoff(1));
    assertEquals(Duration.ofMillis(1200), new RetryPolicy(clock, fixed(1), 10).backoff(1));
    assertEquals(Duration.ofSeconds(480), new RetryPolicy(clock, fixed(0), 20).backoff(15));
    assertEquals(Duration.ofMinutes(10), new RetryPolicy(clock, fixed(1), 20).backoff(15));
    RetryPolicy random = new RetryPolicy(clock, RandomGenerator.of("L64X128MixRandom"), 10);
    for (int i = 0; i < 1000; i++) {
      long millis = random.backoff(3).toMillis();
      assertTrue(millis >= 3200 && millis <= 4800, "" + millis);
    }
  }

  @Test
  void aRetryableFailureIsDueAfterTheBackoffFromNow() {
    RetryPolicy policy = new RetryPolicy(clock, fixed(0.5), 10);
    clock.advance(Duration.ofMinutes(5));

    Outcome outcome = policy.outcomeOf(claimAfter(2), new DeliveryResult.Retry("HTTP 503"));

    Outcome.RetryLater later = assertInstanceOf(Outcome.RetryLater.class, outcome);
    assertEquals(clock.instant().plusSeconds(4), later.nextAttemptAt());
    assertEquals("HTTP 503", later.error());
  }

  @Test
  void theLastAllowedAttemptFailsTheEntryWithItsError() {
    RetryPolicy policy = new RetryPolicy(clock, fixed(0.5), 3);

    assertInstanceOf(
        Outcome.RetryLater.class, policy.outcomeOf(claimAfter(1), new DeliveryResult.Retry("e")));
    Outcome last = policy.outcomeOf(claimAfter(2), new DeliveryResult.Retry("exit 1"));

    Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, last);
    assertEquals("gave up after 3 attempts: exit 1", failed.error());
  }

  @Test
  void anAgentsOwnMaxAttemptsWinsOverThePolicysDefault() {
    RetryPolicy policy = new RetryPolicy(clock, fixed(0.5), 10);
    Claim claim =
        Claims.claim(
            Claims.withSettings(Claims.http("alice", "http://127.0.0.1:9/"), 2, null, null, null),
            "e-1",
            "x",
            1);

    Outcome last = policy.outcomeOf(claim, new DeliveryResult.Retry("HTTP 503"));

    assertEquals(new Outcome.Failed("gave up after 2 attempts: HTTP 503"), last);
    assertEquals(10, policy.maxAttemptsOf(Claims.inbox("bob", null)));
  }

  @Test
  void aPermanentFailureFailsTheFirstAttempt() {
    RetryPolicy policy = new RetryPolicy(clock, fixed(0.5), 10);

    Outcome outcome = policy.outcomeOf(claimAfter(0), new DeliveryResult.Permanent("HTTP 404"));

    assertEquals(new Outcome.Failed("HTTP 404"), outcome);
  }

  @Test
  void aDeliveryIsDelivered() {
    RetryPolicy policy = new RetryPolicy(clock, fixed(0.5), 1);
    assertInstanceOf(
        Outcome.Delivered.class, policy.outcomeOf(claimAfter(0), new DeliveryResult.Delivered()));
  }

  private static Claim claimAfter(int attemptsSoFar) {
    return Claims.claim(Claims.inbox("alice", null), "e-1", "x", attemptsSoFar);
  }
}
