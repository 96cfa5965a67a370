package queue.processor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.testing.Percentiles;
import queue.postgres.testing.PostgresServer;
import queue.processor.testing.TestQueue;

/**
 * The processor benchmarks on PostgreSQL, against the real jar started by bin/queue-processor: an
 * embedded server with the durability of an installed one (fsync and synchronous_commit on), inbox
 * agents, and the fsync'd-file floor of this disk taken before and after. End-to-end latency (send
 * committed to inbox file visible, one processor) and the drain of a backlog by 1, 2 and 4
 * processors. Run it with {@code bench/run-processor.sh --postgres}; arguments: work directory,
 * launcher, latency sends, backlog size (0 skips that part).
 */
public final class PostgresProcessorBench {
  private static final String HOST = "host-1";
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final PostgresServer server;
  private final Path work;
  private final Path launcher;

  private PostgresProcessorBench(PostgresServer server, Path work, Path launcher) {
    this.server = server;
    this.work = work;
    this.launcher = launcher;
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int sends = Integer.parseInt(args[2]);
    int backlog = Integer.parseInt(args[3]);
    Files.createDirectories(work);
    System.out.printf(Locale.ROOT, "# queue-processor on PostgreSQL, %s%n", Instant.now());
    try (PostgresServer server = PostgresServer.start(work.resolve("postgres"), true)) {
      PostgresProcessorBench bench = new PostgresProcessorBench(server, work, Path.of(args[1]));
      System.out.printf(Locale.ROOT, "## floor, before%n");
      double before = floor(work.resolve("floor"));
      if (sends > 0) {
        bench.latency(sends);
      }
      List<Drain> drains = new ArrayList<>();
      for (int processors : backlog > 0 ? new int[] {1, 2, 4} : new int[0]) {
        drains.add(bench.drain(backlog, processors));
      }
      System.out.printf(Locale.ROOT, "## floor, after%n");
      double after = floor(work.resolve("floor-after"));
      drains.forEach(drain -> drain.print((before + after) / 2));
    }
  }

  /** Prints the fsync'd inbox file floor; returns the rate on eight threads, files/s. */
  private static double floor(Path dir) throws Exception {
    double single = FsyncFloor.rate(dir.resolve("one"), 2000, 1);
    double eight = FsyncFloor.rate(dir.resolve("eight"), 2000, 8);
    System.out.printf(
        Locale.ROOT,
        "fsync'd inbox file floor: %.0f files/s on 1 thread, %.0f files/s on 8 threads%n",
        single,
        eight);
    return eight;
  }

  private void latency(int sends) throws Exception {
    System.out.printf(Locale.ROOT, "## latency, 1 processor%n");
    Path dir = work.resolve("latency");
    try (TestQueue queue = TestQueue.at(server.newDatabase(), Clock.systemUTC(), dir)) {
      for (int i = 0; i < Backlog.AGENTS; i++) {
        queue.addInbox("agent-" + i);
      }
      try (Daemon daemon = start(queue, dir, "latency");
          InboxWatch watch = new InboxWatch(Backlog.inboxes(dir))) {
        awaitRunning(queue);
        int seen = 0;
        for (int i = 0; i < 50; i++) {
          queue.send("warm " + i, "agent-1");
          watch.await(seen++);
        }
        long[] latencies = new long[sends];
        for (int i = 0; i < sends; i++) {
          queue.send("ping " + i, "agent-0");
          long committed = System.nanoTime();
          // One processor, one send at a time: the next file to appear is this send's.
          latencies[i] = watch.await(seen++).nanos() - committed;
          LockSupport.parkNanos(PACE_NANOS);
        }
        System.out.printf(
            Locale.ROOT, "end-to-end latency, 1 recipient: %s%n", Percentiles.of(latencies));
        System.out.printf(Locale.ROOT, "processor peak RSS (VmHWM): %d MB%n", daemon.peakRssMb());
      }
    }
  }

  /** A backlog imported into a new database (agents with it), drained by {@code count}. */
  private Drain drain(int backlog, int count) throws Exception {
    Path dir = work.resolve("drain-" + count);
    try (TestQueue queue = TestQueue.at(server.newDatabase(), Clock.systemUTC(), dir)) {
      Backlog.fill(queue, backlog, false);
      try (InboxWatch watch = new InboxWatch(Backlog.inboxes(dir))) {
        long started = System.nanoTime();
        List<Daemon> daemons = new ArrayList<>();
        try {
          for (int p = 0; p < count; p++) {
            daemons.add(start(queue, dir, "drain-" + count + "-" + p));
          }
          return Drain.measure(queue, watch, backlog, count, started);
        } finally {
          daemons.forEach(Daemon::close);
        }
      }
    }
  }

  /** One drain: files seen, rates from the first file and from the start, DELIVERED after. */
  private record Drain(int processors, int files, double rate, double fromStart, long delivered) {

    static Drain measure(TestQueue queue, InboxWatch watch, int backlog, int count, long started) {
      long deadline = started + TimeUnit.MINUTES.toNanos(10);
      long firstSeen = 0;
      while (watch.count() < backlog && System.nanoTime() < deadline) {
        if (firstSeen == 0 && watch.count() > 0) {
          firstSeen = System.nanoTime();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      long lastSeen = System.nanoTime();
      while (delivered(queue) < backlog && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
      return new Drain(
          count,
          watch.count(),
          watch.count() / ((lastSeen - firstSeen) / 1e9),
          watch.count() / ((lastSeen - started) / 1e9),
          delivered(queue));
    }

    private static long delivered(TestQueue queue) {
      return queue.store().reports().status().totals().delivered();
    }

    void print(double floor) {
      System.out.printf(
          Locale.ROOT,
          "drain, %d processor(s): %d files, %.0f deliveries/s from the first file to the last"
              + " (%.0f/s from the start), %.0f %% of the 8-thread floor (mean %.0f files/s);"
              + " DELIVERED in the store: %d%n",
          processors,
          files,
          rate,
          fromStart,
          100 * rate / floor,
          floor,
          delivered);
    }
  }

  private Daemon start(TestQueue queue, Path dir, String name) throws Exception {
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(launcher.toString(), "--store", queue.store().location())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("QUEUE_HOST", HOST);
    builder.environment().put("QUEUE_DIR", dir.toString());
    return new Daemon(builder.start(), log);
  }

  private static void awaitRunning(TestQueue queue) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (queue.store().liveness().running().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the processor did not start");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
