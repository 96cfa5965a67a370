package queue.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import queue.core.testing.Percentiles;
import queue.postgres.testing.PostgresServer;

/**
 * The {@code queue receive --follow --json} benchmark (issue 7): end-to-end latency from a send's
 * commit to its line on the receiver's stdout, and throughput of a backlog through the pipe, on the
 * file store and on a durable embedded PostgreSQL, each next to its floor sampled between the
 * latency sends. The two stores take turns round by round (the order flips each round), so that
 * load drift on a shared machine hits both; the summary gives medians over the rounds. Run it with
 * {@code bench/run-receive.sh}; arguments: work directory, launcher (bin/queue), latency sends,
 * backlog size, rounds.
 */
public final class ReceiveBench {
  private static final double TARGET_P50_MILLIS = 10;

  private ReceiveBench() {}

  record Round(ReceiveRuns.Latency latency, ReceiveRuns.Throughput throughput) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path launcher = Path.of(args[1]);
    int sends = Integer.parseInt(args[2]);
    int backlog = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    Files.createDirectories(work);
    System.out.printf(
        Locale.ROOT,
        "# queue receive --follow --json, %s: %d latency sends (after 50 warm-up, 20 ms apart),"
            + " backlog %d, %d rounds%n",
        Instant.now(),
        sends,
        backlog,
        rounds);
    ReceiveRuns runs = new ReceiveRuns(work, launcher);
    try (PostgresServer server = PostgresServer.start(work.resolve("postgres"), true);
        FileBenchStore file = new FileBenchStore(work.resolve("file"));
        PostgresBenchStore postgres = new PostgresBenchStore(server)) {
      Map<String, List<Round>> results = new LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        List<BenchStore> order =
            round % 2 == 1 ? List.of(file, postgres) : List.<BenchStore>of(postgres, file);
        for (BenchStore kind : order) {
          Round result = new Round(runs.latency(kind, sends), runs.throughput(kind, backlog));
          print(round, kind, result);
          results.computeIfAbsent(kind.name(), name -> new ArrayList<>()).add(result);
        }
      }
      summarise(results, List.of(file, postgres));
    }
  }

  private static void print(int round, BenchStore kind, Round result) {
    System.out.printf(
        Locale.ROOT,
        "round %d, %s: latency %s; floor (%s) %s; throughput %d lines, %.0f/s, first line %.0f ms"
            + " after launch%n",
        round,
        kind.name(),
        result.latency().latency(),
        kind.floorName(),
        result.latency().floor(),
        result.throughput().messages(),
        result.throughput().perSecond(),
        result.throughput().firstLineMillis());
  }

  private static void summarise(Map<String, List<Round>> results, List<BenchStore> kinds) {
    System.out.printf(
        Locale.ROOT,
        "%n| store | latency p50 | p90 | p99 | max | floor p50 | p50 / floor | throughput |"
            + " first line |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|%n");
    for (BenchStore kind : kinds) {
      List<Round> rounds = results.get(kind.name());
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.1fx | %.0f msg/s | %.0f ms |%n",
          kind.name(),
          median(rounds, r -> r.latency().latency().p50()),
          median(rounds, r -> r.latency().latency().p90()),
          median(rounds, r -> r.latency().latency().p99()),
          median(rounds, r -> r.latency().latency().max()),
          median(rounds, r -> r.latency().floor().p50()),
          median(rounds, r -> r.latency().latency().p50() / r.latency().floor().p50()),
          median(rounds, r -> r.throughput().perSecond()),
          median(rounds, r -> r.throughput().firstLineMillis()));
    }
    double fileP50 = median(results.get("file"), r -> r.latency().latency().p50());
    System.out.printf(
        Locale.ROOT,
        "%ntarget: file store latency p50 <= %.0f ms: %s (median p50 %.2f ms)%n",
        TARGET_P50_MILLIS,
        fileP50 <= TARGET_P50_MILLIS ? "met" : "missed",
        fileP50);
  }

  /** The median over the rounds; the summary's figures are medians of per-round figures. */
  private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
    return Percentiles.median(rounds.stream().mapToDouble(figure).toArray());
  }
}
