package queue.bench.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cases measured in one run, one sample of each per round, round after round, so drift in the
 * machine's load hits all of them alike; each round takes them in an order of its own (shuffled,
 * the same for every run), so no case always follows the same one and pays for what that one left
 * behind (the writeback of a large file, say). The first rounds warm up and are not kept.
 */
final class Interleaved {
  private Interleaved() {}

  /** One measured case: its name and how to take one sample (elapsed nanoseconds). */
  record Case(String name, Sample sample) {}

  @FunctionalInterface
  interface Sample {
    long take() throws IOException;
  }

  /** Prints a Markdown table of each case's median, p90 and median over {@code floor} (ms). */
  static void printTable(Map<String, Samples> results, double floor) {
    System.out.println("| case | median ms | p90 ms | median / floor |");
    System.out.println("|---|---:|---:|---:|");
    for (Samples s : results.values()) {
      System.out.printf(
          "| %s | %.3f | %.3f | %.1fx |%n",
          s.name(), s.medianMillis(), s.percentileMillis(90), s.medianMillis() / floor);
    }
  }

  /** The samples of each case, in the order of {@code cases}. */
  static Map<String, Samples> run(List<Case> cases, int rounds, int warmup) throws IOException {
    Map<String, Samples> results = new LinkedHashMap<>();
    cases.forEach(c -> results.put(c.name(), new Samples(c.name())));
    List<Case> order = new ArrayList<>(cases);
    Random shuffle = new Random(1);
    for (int round = 0; round < warmup + rounds; round++) {
      Collections.shuffle(order, shuffle);
      for (Case c : order) {
        long nanos = c.sample().take();
        if (round >= warmup) {
          results.get(c.name()).add(nanos);
        }
      }
    }
    return results;
  }
}
