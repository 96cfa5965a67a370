package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The processor benchmarks of BENCHMARKS.md, against real daemons started by their launchers:
 * end-to-end latency with the default retention and with {@code --retain 1s}, broadcast to 8
 * agents, the drain of a backlog against the fsync'd-file floor, the status page's effect on the
 * drain and its response times, and peak RSS. Several builds or JVM options (variants) are measured
 * interleaved in one run. Run it with bench/run-processor.sh; arguments: work directory, latency
 * sends, backlog (0 skips the part), drain rounds, then the variants ({@link Variant}); the status
 * page parts run on the first variant, unless {@code -Dqueue.bench.drainOnly=true}; {@code
 * -Dqueue.bench.defaultRetentionOnly=true} leaves out the latency run with {@code --retain 1s}.
 */
public final class ProcessorBench {
  private ProcessorBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    int sends = Integer.parseInt(args[1]);
    int backlog = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<Variant> variants = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      variants.add(Variant.parse(args[i]));
    }
    System.out.printf(
        Locale.ROOT,
        "# queue-processor benchmark, %s, %d CPUs, %s%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        load());
    variants.forEach(
        v ->
            System.out.printf(
                Locale.ROOT, "- %s: %s %s%n", v.name(), v.launcher(), v.javaOptions()));
    if (sends > 0) {
      LatencyRun.run(work.resolve("latency"), variants, sends, "default retention (1h)");
      // With retention keeping queue.json short: every claim after a send parses the whole file
      // the sender wrote, so latency follows the number of entries it holds.
      if (!Boolean.getBoolean("queue.bench.defaultRetentionOnly")) {
        LatencyRun.run(
            work.resolve("latency-short"), variants, sends, "--retain 1s", "--retain", "1s");
      }
    }
    if (backlog > 0) {
      List<DrainRun.Case> drains = new ArrayList<>();
      variants.forEach(v -> drains.add(new DrainRun.Case(v.name(), v, false)));
      DrainRun.run(
          work.resolve("drain"), "drain of " + backlog + " entries", drains, backlog, rounds);
      if (Boolean.getBoolean("queue.bench.drainOnly")) {
        return;
      }
      Variant page = variants.get(0);
      DrainRun.run(
          work.resolve("drain-page"),
          "drain of " + backlog + " entries, status page open or not",
          List.of(
              new DrainRun.Case(page.name() + ", no --http", page, false),
              new DrainRun.Case(page.name() + ", --http + a browser polling", page, true)),
          backlog,
          rounds);
      WebRun.run(work.resolve("web"), page, backlog, 15);
    }
  }

  /** The load average now, as the machine reports it. */
  static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return "load average " + fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "load average unknown";
    }
  }
}
