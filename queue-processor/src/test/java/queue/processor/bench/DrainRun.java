package queue.processor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.processor.testing.TestQueue;

/**
 * The drain of a backlog to 8 inbox agents, case after case and round after round (the order
 * rotating), each drain between two takes of the 8-thread fsync'd-file floor on the same disk: the
 * disk's rate drifts by several times within an hour here, so a drain is read against the floor
 * taken around it. The rate runs from the first to the last inbox file seen; every run is checked
 * (all entries DELIVERED in queue.json).
 */
final class DrainRun {
  private static final int FLOOR_FILES = 2000;

  /** A processor to drain with, with or without an open status page polling it. */
  record Case(String name, Variant variant, boolean statusPage) {}

  private record Result(double rate, double floor, long rssMb, int pageRequests) {
    double ofFloor() {
      return rate / floor;
    }
  }

  private DrainRun() {}

  static void run(Path work, String title, List<Case> cases, int backlog, int rounds)
      throws Exception {
    System.out.printf(Locale.ROOT, "%n## %s (%s)%n%n", title, ProcessorBench.load());
    System.out.println(
        "| round | processor | drain /s | floor before / after files/s | drain / floor |"
            + " peak RSS MB | page requests |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|");
    Map<String, List<Result>> results = new LinkedHashMap<>();
    cases.forEach(c -> results.put(c.name(), new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < cases.size(); k++) {
        Case drain = cases.get((round + k) % cases.size());
        Path dir = work.resolve(round + "-" + drain.name());
        double before = FsyncFloor.rate(dir.resolve("floor-before"), FLOOR_FILES, 8);
        Result drained = drainOnce(dir, drain, backlog);
        double after = FsyncFloor.rate(dir.resolve("floor-after"), FLOOR_FILES, 8);
        Result result =
            new Result(
                drained.rate(), (before + after) / 2, drained.rssMb(), drained.pageRequests());
        results.get(drain.name()).add(result);
        System.out.printf(
            Locale.ROOT,
            "| %d | %s | %.0f | %.0f / %.0f | %.0f %% | %d | %d |%n",
            round + 1,
            drain.name(),
            result.rate(),
            before,
            after,
            100 * result.ofFloor(),
            result.rssMb(),
            result.pageRequests());
      }
    }
    printMedians(results);
  }

  private static void printMedians(Map<String, List<Result>> results) {
    System.out.println();
    System.out.println("| processor | median drain /s | median drain / floor | max peak RSS MB |");
    System.out.println("|---|---:|---:|---:|");
    results.forEach(
        (name, list) ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %.0f | %.0f %% | %d |%n",
                name,
                median(list.stream().mapToDouble(Result::rate).toArray()),
                100 * median(list.stream().mapToDouble(Result::ofFloor).toArray()),
                list.stream().mapToLong(Result::rssMb).max().orElse(0)));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Result drainOnce(Path dir, Case drain, int backlog) throws Exception {
    Path data = dir.resolve("data");
    try (TestQueue queue = Backlog.create(data, backlog, false);
        InboxWatch watch = new InboxWatch(Backlog.inboxes(data))) {
      String[] args = drain.statusPage() ? new String[] {"--http", "127.0.0.1:0"} : new String[0];
      try (Daemon daemon = drain.variant().start(data, dir.resolve("processor.log"), args);
          BrowserPoller poller =
              drain.statusPage() ? new BrowserPoller(daemon.statusPage()) : null) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (watch.count() < backlog && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        double seconds =
            (watch.arrival(watch.count() - 1).nanos() - watch.arrival(0).nanos()) / 1e9;
        while (!Backlog.allDelivered(queue, backlog) && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        if (!Backlog.allDelivered(queue, backlog)) {
          throw new IllegalStateException(drain.name() + ": not every entry DELIVERED in " + data);
        }
        return new Result(
            watch.count() / seconds, 0, daemon.peakRssMb(), poller == null ? 0 : poller.requests());
      }
    } finally {
      deleteInboxes(data);
    }
  }

  // Ten thousand files per drain would fill the directory cache; the state files stay for a look.
  private static void deleteInboxes(Path data) throws java.io.IOException {
    Path inbox = data.resolve("inbox");
    if (Files.exists(inbox)) {
      try (var paths = Files.walk(inbox)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
