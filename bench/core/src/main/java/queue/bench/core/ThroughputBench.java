package queue.bench.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import queue.core.api.Changes;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;
import queue.core.model.EntryState;
import queue.core.store.FileStore;

/**
 * PRODUCERS separate JVMs each send MESSAGES messages (to their own agent) while this process
 * claims and completes in batches, as a processor does, waiting for a change (or a 100 ms poll)
 * when it found nothing, and retires what it delivered at most once a second (as a processor's
 * housekeeping does with no retention) and once at the end. Reports the time until every message is
 * delivered, and checks the counts. The time is taken twice: from the moment every producer has
 * started and opened the store (each says "ready" and waits for a line on stdin, sent to all at
 * once), which is the queue's throughput, and from before the producers' JVMs start, as this
 * benchmark measured until 2026-12-06 (8 JVM starts on 2 cores are seconds of it).
 *
 * <p>Args: DIR PRODUCERS MESSAGES
 */
public final class ThroughputBench {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final int PER_RECIPIENT = 100;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration RETIRE_EVERY = Duration.ofSeconds(1);
  private static final int FLOOR_SAMPLES = 200;

  private ThroughputBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int producers = Integer.parseInt(args[1]);
    int messages = Integer.parseInt(args[2]);
    double floorBefore = floorMillis(dir);
    QueueStore queue = FileStore.open(dir, BenchStores.options());
    for (int p = 0; p < producers; p++) {
      queue
          .agents()
          .add(
              Agent.of(Backlog.agent(p), Inbox.TRANSPORT, Inbox.target(null), Instant.now())
                  .withHost("bench", true));
    }

    // The consumer waits for a change when it found nothing, as a processor does (its watch,
    // with a poll as the fallback), instead of spinning on the store beside the producers.
    Semaphore changed = new Semaphore(0);
    long start = System.nanoTime();
    List<Process> running = startProducers(dir, producers, messages);
    List<BufferedReader> outputs = awaitReady(running);
    long ready = System.nanoTime();
    long consumerCpuAtStart = ProducerMain.cpuNanos();
    for (Process process : running) {
      process.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
      process.getOutputStream().flush();
    }
    long expected = (long) producers * messages;
    int saves = 0;
    long lastRetire = System.nanoTime();
    Changes.Subscription watch = queue.changes().subscribe(changed::release);
    try {
      while (delivered(queue) < expected) {
        changed.drainPermits();
        int made = consumeOnce(queue);
        saves += made;
        if (made == 0) {
          changed.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } else if (System.nanoTime() - lastRetire >= RETIRE_EVERY.toNanos()) {
          queue.upkeep().retire(Duration.ZERO);
          lastRetire = System.nanoTime();
          saves++;
        }
        if (running.stream().noneMatch(Process::isAlive)) {
          requireCleanExits(running);
        }
      }
    } finally {
      watch.close();
    }
    queue.upkeep().retire(Duration.ZERO);
    saves++;
    long end = System.nanoTime();
    long consumerCpu = ProducerMain.cpuNanos() - consumerCpuAtStart;
    requireCleanExits(running);
    report(queue, producers, messages, (end - ready) / 1e9, (end - start) / 1e9, saves);
    System.out.printf(
        "CPU per message from all ready (whole JVMs, JIT and GC included): producers %.3f ms,"
            + " consumer %.3f ms%n",
        producersCpu(outputs) / 1e6 / expected, consumerCpu / 1e6 / expected);
    double floorAfter = floorMillis(dir);
    System.out.printf(
        "floor (append 200 B + fsync, median of %d) before / after: %.3f / %.3f ms; one commit per"
            + " message at the floor and nothing else would be %.0f msg/s%n",
        FLOOR_SAMPLES, floorBefore, floorAfter, 1000 / ((floorBefore + floorAfter) / 2));
  }

  // What every commit pays at least on this disk, taken before and after the run (the load moves).
  private static double floorMillis(Path dir) throws IOException {
    try (Floor floor = new Floor(dir.resolveSibling(dir.getFileName() + "-floor"))) {
      Samples samples = new Samples("floor");
      for (int i = 0; i < FLOOR_SAMPLES; i++) {
        samples.add(floor.appendAndFsync());
      }
      return samples.medianMillis();
    }
  }

  private static List<Process> startProducers(Path dir, int producers, int messages)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      List<String> command = new ArrayList<>();
      command.add(java);
      // The producers run with this JVM's options (bench/run-core.sh's BENCH_JAVA_OPTS).
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              ProducerMain.class.getName(),
              dir.toString(),
              "producer-" + p,
              Backlog.agent(p),
              String.valueOf(messages)));
      running.add(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    return running;
  }

  // Lines before "ready" are the JVM's own (a flight recording's notice, say).
  private static List<BufferedReader> awaitReady(List<Process> running) throws IOException {
    List<BufferedReader> outputs = new ArrayList<>();
    for (Process process : running) {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("ready"));
      if (line == null) {
        throw new IllegalStateException("producer pid " + process.pid() + " did not start");
      }
      outputs.add(out);
    }
    return outputs;
  }

  private static long producersCpu(List<BufferedReader> outputs) throws IOException {
    long total = 0;
    for (BufferedReader out : outputs) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("cpu "));
      if (line == null) {
        throw new IllegalStateException("a producer did not report its CPU time");
      }
      total += Long.parseLong(line.substring("cpu ".length()));
    }
    return total;
  }

  // When anything was claimed: the claim's save and the completion's (a claim that finds nothing
  // saves nothing).
  private static int consumeOnce(QueueStore queue) {
    List<List<Claim>> batches =
        queue
            .leases()
            .claim(
                ClaimRequest.processor(
                    "bench-consumer", "bench", LEASE, Integer.MAX_VALUE, PER_RECIPIENT));
    List<Completion> done = new ArrayList<>();
    batches.forEach(
        batch -> batch.forEach(c -> done.add(new Completion(c.lease(), new Outcome.Delivered()))));
    if (done.isEmpty()) {
      return 0;
    }
    queue.leases().settle(done);
    return 2;
  }

  private static long delivered(QueueStore queue) {
    return queue.reports().status().totals().delivered();
  }

  private static void requireCleanExits(List<Process> running) throws InterruptedException {
    for (Process process : running) {
      if (process.waitFor() != 0) {
        throw new IllegalStateException("producer pid " + process.pid() + " failed");
      }
    }
  }

  private static void report(
      QueueStore queue,
      int producers,
      int messages,
      double fromReady,
      double withStarts,
      int saves) {
    var status = queue.reports().status();
    long expected = (long) producers * messages;
    boolean countsRight =
        status.totals().delivered() == expected
            && status.totals().pending() == 0
            && status.totals().processing() == 0
            && status.agents().stream().allMatch(a -> a.counts().delivered() == messages)
            && queue.reports().list(EntryState.DELIVERED, null, 0).isEmpty();
    System.out.printf(
        "%d producers x %d messages: %d delivered in %.2f s from all ready (%.0f msg/s); %.2f s"
            + " with the JVM starts (%.0f msg/s), consumer saves %d, count check %s%n",
        producers,
        messages,
        status.totals().delivered(),
        fromReady,
        expected / fromReady,
        withStarts,
        expected / withStarts,
        saves,
        countsRight ? "OK" : "FAILED");
    if (!countsRight) {
      System.exit(1);
    }
  }
}
