package queue.bench.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The PostgreSQL store's benchmarks on an embedded server: sends against the floor of a bare
 * committed INSERT (interleaved, medians), and the claim + settle rate with no delivery.
 *
 * <p>Arguments: ROUNDS WARMUP [sends|drain] (both when left out).
 */
public final class PostgresBench {
  private PostgresBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String part = args.length > 2 ? args[2] : "all";
    Path directory = Files.createTempDirectory("queue-postgres-bench");
    try (BenchServer server = new BenchServer()) {
      if (!part.equals("drain")) {
        printSends(new SendBench(server, directory).run(rounds, warmup), rounds, warmup);
      }
      if (part.equals("sends")) {
        return;
      }
      DrainBench drain = new DrainBench(server, directory);
      System.out.println();
      System.out.printf(
          "## claim + settle, no delivery (%,d entries over 8 agents)%n%n", DrainBench.ENTRIES);
      System.out.println("| claimers | per recipient | entries/s |");
      System.out.println("|---:|---:|---:|");
      int[][] cases = {{1, 1}, {1, 10}, {1, 100}, {2, 10}, {4, 10}};
      for (int[] c : cases) {
        System.out.printf("| %d | %d | %,.0f |%n", c[0], c[1], drain.run(c[0], c[1]));
      }
    }
  }

  private static void printSends(List<Timings> sends, int rounds, int warmup) {
    Timings floor = sends.get(0);
    Timings single = sends.get(1);
    System.out.printf(
        "## sends (%d rounds after %d warm-up, interleaved; synchronous_commit on)%n%n",
        rounds, warmup);
    System.out.println("| case | median ms | p90 ms | / floor | / send at 100 |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Timings t : sends) {
      System.out.printf(
          "| %s | %.3f | %.3f | %.2fx | %.2fx |%n",
          t.name(),
          t.medianMillis(),
          t.percentileMillis(90),
          t.medianMillis() / floor.medianMillis(),
          t.medianMillis() / single.medianMillis());
    }
    Timings group = sends.get(3);
    Timings broadcast = sends.get(2);
    System.out.printf(
        "%n@team / broadcast at 100 live: %.3fx of the medians, %.3fx the median of the rounds'"
            + " ratios (target <= 1.1x)%n",
        group.medianMillis() / broadcast.medianMillis(), group.pairedRatio(broadcast));
  }
}
