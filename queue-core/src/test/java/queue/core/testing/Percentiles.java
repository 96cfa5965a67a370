package queue.core.testing;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of nanosecond samples, in milliseconds, for the benchmark harnesses. */
public record Percentiles(int count, double p50, double p90, double p99, double max) {

  public static Percentiles of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length,
        at(sorted, 0.50),
        at(sorted, 0.90),
        at(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static double at(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** The median of a few values (one per round). */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms", count, p50, p90, p99, max);
  }
}
