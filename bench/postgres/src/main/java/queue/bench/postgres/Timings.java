package queue.bench.postgres;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The timings of one case, in nanoseconds, and their summary. */
final class Timings {
  private final String name;
  private final List<Long> nanos = new ArrayList<>();

  Timings(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  void add(long elapsedNanos) {
    nanos.add(elapsedNanos);
  }

  double medianMillis() {
    return percentileMillis(50);
  }

  /**
   * The median of this case's sample over {@code other}'s of the same round: a ratio of two cases
   * taken side by side, which the machine's load drifting between rounds moves less than a ratio of
   * medians.
   */
  double pairedRatio(Timings other) {
    List<Double> ratios = new ArrayList<>(nanos.size());
    for (int i = 0; i < Math.min(nanos.size(), other.nanos.size()); i++) {
      ratios.add((double) nanos.get(i) / other.nanos.get(i));
    }
    Collections.sort(ratios);
    return ratios.get(ratios.size() / 2);
  }

  double percentileMillis(int percent) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
