package queue.processor.complete;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import queue.core.api.Claim;
import queue.core.api.Outcome;
import queue.core.model.Agent;
import queue.processor.deliver.AgentSettings;
import queue.processor.deliver.DeliveryResult;

/**
 * Turns a delivery result into the entry's next state. A retryable failure waits an exponential
 * backoff: 1 s after the first attempt, doubling each time, capped at 10 min, each wait scaled by a
 * random factor in [0.8, 1.2] so that entries failing together do not retry together (the cap
 * bounds the scaled wait too). The attempt that reaches the agent's own {@code --max-attempts},
 * else the processor's, or a permanent failure, makes the entry FAILED with the error kept.
 */
public final class RetryPolicy {
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  public static final double JITTER = 0.2;
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  private final Clock clock;
  private final RandomGenerator random;
  private final int maxAttempts;

  public RetryPolicy(Clock clock, RandomGenerator random, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    this.clock = clock;
    this.random = random;
    this.maxAttempts = maxAttempts;
  }

  public Outcome outcomeOf(Claim claim, DeliveryResult result) {
    if (result instanceof DeliveryResult.Permanent permanent) {
      return new Outcome.Failed(permanent.error());
    }
    if (result instanceof DeliveryResult.Retry retry) {
      int attempt = claim.attempt();
      if (attempt >= maxAttemptsOf(claim.agent())) {
        return new Outcome.Failed(
            "gave up after "
                + attempt
                + " attempt"
                + (attempt == 1 ? "" : "s")
                + ": "
                + retry.error());
      }
      return new Outcome.RetryLater(retry.error(), nextAttemptAt(attempt));
    }
    return new Outcome.Delivered();
  }

  /** How many attempts an entry to {@code agent} gets: its own setting, else the processor's. */
  public int maxAttemptsOf(Agent agent) {
    Integer own = AgentSettings.maxAttempts(agent);
    return own != null ? own : maxAttempts;
  }

  /** When to try again after attempt number {@code attempt} (1 for the first) failed. */
  public Instant nextAttemptAt(int attempt) {
    return clock.instant().plus(backoff(attempt));
  }

  Duration backoff(int attempt) {
    // 2^20 s is far past the cap: stop doubling there so the shift cannot overflow.
    long baseMillis = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 20);
    long cappedMillis = Math.min(baseMillis, MAX_BACKOFF.toMillis());
    double factor = 1 - JITTER + random.nextDouble() * 2 * JITTER;
    long jittered = Math.round(cappedMillis * factor);
    return Duration.ofMillis(Math.min(jittered, MAX_BACKOFF.toMillis()));
  }
}
