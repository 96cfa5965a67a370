package queue.processor.testing;

import java.util.random.RandomGenerator;

/** A random source that always answers the same fraction: backoff without jitter in tests. */
public final class FixedRandom implements RandomGenerator {
  private final double fraction;

  public FixedRandom(double fraction) {
    this.fraction = fraction;
  }

  /** The middle of the jitter range: every backoff is exactly its base. */
  public static FixedRandom middle() {
    return new FixedRandom(0.5);
  }

  @Override
  public long nextLong() {
    return Double.doubleToLongBits(fraction);
  }

  @Override
  public double nextDouble() {
    return fraction;
  }
}
