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

  double percentileMillis(int percent) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
