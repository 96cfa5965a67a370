package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.Ids;
import queue.core.api.ExportDocument;
import queue.core.api.MessageStatus;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.processor.testing.TestQueue;

/**
 * The processor benchmarks of BENCHMARKS.md, against the real jar started by bin/queue-processor:
 * end-to-end latency (send commit to inbox file visible), broadcast to 8 agents, the fsync'd-file
 * floor, and the drain of a 10,000-entry backlog with the processor's peak RSS. Run it with
 * bench/run-processor.sh; arguments: work directory, launcher, latency sends, backlog size (0 skips
 * that part).
 */
public final class ProcessorBench {
  private static final int AGENTS = 8;
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private ProcessorBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path launcher = Path.of(args[1]);
    int sends = Integer.parseInt(args[2]);
    int backlog = Integer.parseInt(args[3]);
    Files.createDirectories(work);
    System.out.printf(Locale.ROOT, "# queue-processor benchmark, %s%n", Instant.now());
    if (sends > 0) {
      latencyAndBroadcast(work.resolve("latency"), launcher, sends, "default retention (1h)");
      // The same with retention keeping queue.json short: every claim after a send parses the
      // whole file, so latency follows the number of entries it holds.
      latencyAndBroadcast(
          work.resolve("latency-short"), launcher, sends, "--retain 1s", "--retain", "1s");
    }
    // The disk's fsync rate drifts by several times within an hour here, so the floor is taken
    // on both sides of the drain and the drain is read against both.
    System.out.printf(Locale.ROOT, "## floor, before the drain%n");
    FsyncFloor.report(work.resolve("floor"), 2000);
    if (backlog > 0) {
      drain(work.resolve("drain"), launcher, backlog);
      System.out.printf(Locale.ROOT, "## floor, after the drain%n");
      FsyncFloor.report(work.resolve("floor-after"), 2000);
    }
  }

  private static void latencyAndBroadcast(
      Path dir, Path launcher, int sends, String label, String... processorArgs) throws Exception {
    System.out.printf(Locale.ROOT, "## latency, %s%n", label);
    TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC());
    List<Path> inboxes = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      queue.addInbox("agent-" + i);
      inboxes.add(Files.createDirectories(dir.resolve("inbox/agent-" + i + "/new")));
    }
    try (queue;
        Daemon daemon =
            Daemon.onDirectory(
                launcher, dir, dir.resolveSibling(dir.getFileName() + ".log"), processorArgs);
        InboxWatch watch = new InboxWatch(inboxes)) {
      warmUp(queue, watch, 50);
      long[] latencies = new long[sends];
      for (int i = 0; i < sends; i++) {
        var sent = queue.send("ping " + i, "agent-0");
        long committed = System.nanoTime();
        String file = entryIdOf(queue, sent.messageId()) + ".json";
        latencies[i] = waitFor(watch, file) - committed;
        // Sends from people and scripts are not timed to the processor's bookkeeping: leave it
        // the moment it needs to save the outcome before the next send arrives.
        LockSupport.parkNanos(PACE_NANOS);
      }
      Stats.print("end-to-end latency, 1 recipient", latencies);
      System.out.printf(
          Locale.ROOT, "entries in queue.json at the end: %d%n", queue.entries().size());
      long[] broadcasts = new long[20];
      for (int i = 0; i < broadcasts.length; i++) {
        var sent = queue.broadcast("all " + i);
        long committed = System.nanoTime();
        long last = 0;
        for (MessageStatus.RecipientState entry : entriesOf(queue, sent.messageId())) {
          last = Math.max(last, waitFor(watch, entry.entryId() + ".json"));
        }
        broadcasts[i] = last - committed;
      }
      Stats.print("broadcast to 8 agents, all 8 visible", broadcasts);
      System.out.printf(Locale.ROOT, "processor peak RSS (VmHWM): %d MB%n", daemon.peakRssMb());
    }
  }

  static void warmUp(TestQueue queue, InboxWatch watch, int count) {
    for (int i = 0; i < count; i++) {
      var sent = queue.send("warm " + i, "agent-1");
      waitFor(watch, entryIdOf(queue, sent.messageId()) + ".json");
    }
  }

  private static void drain(Path dir, Path launcher, int backlog) throws Exception {
    TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC());
    List<Path> inboxes = new ArrayList<>();
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      agents.add(queue.inboxAgent("agent-" + i));
      inboxes.add(Files.createDirectories(dir.resolve("inbox/agent-" + i + "/new")));
    }
    fillBacklog(queue, agents, backlog);
    System.out.printf(
        Locale.ROOT,
        "backlog: %d entries, queue.json %d KB%n",
        backlog,
        Files.size(dir.resolve("queue.json")) / 1024);
    try (queue;
        InboxWatch watch = new InboxWatch(inboxes)) {
      long started = System.nanoTime();
      try (Daemon daemon = Daemon.onDirectory(launcher, dir, dir.resolveSibling("drain.log"))) {
        // Progress is counted from the inbox watch, not by reading queue.json: parsing a 3 MB
        // file every few milliseconds would take a core from the processor under test.
        long deadline = started + TimeUnit.MINUTES.toNanos(10);
        long firstSeen = 0;
        while (watch.count() < backlog && System.nanoTime() < deadline) {
          if (firstSeen == 0 && watch.count() > 0) {
            firstSeen = System.nanoTime();
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        long lastSeen = System.nanoTime();
        while (!allDelivered(queue, backlog) && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        double fromFirst = (lastSeen - firstSeen) / 1e9;
        double fromStart = (lastSeen - started) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "drain: %d files from the first to the last in %.2f s (%.0f deliveries/s); %.2f s"
                + " from the processor's start (%.0f/s); all DELIVERED in queue.json: %s%n",
            watch.count(),
            fromFirst,
            watch.count() / fromFirst,
            fromStart,
            watch.count() / fromStart,
            allDelivered(queue, backlog));
        System.out.printf(
            Locale.ROOT, "drain: processor peak RSS (VmHWM): %d MB%n", daemon.peakRssMb());
      }
    }
  }

  // One save for the whole backlog, as an import into the empty store: queueing 10,000 entries
  // one send at a time would measure the sender, not the processor.
  static void fillBacklog(TestQueue queue, List<Agent> agents, int backlog) {
    Instant now = Instant.now();
    List<String> names = agents.stream().map(Agent::name).toList();
    List<Message> messages = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    long key = Ids.nextKey(0, now);
    long seq = 1;
    for (int i = 0; i < backlog / agents.size(); i++) {
      Message message =
          new Message(Ids.format(key++), "bench", "backlog message " + i, now, null, names, null);
      messages.add(message);
      for (String agent : names) {
        entries.add(Entry.queued(Ids.format(key++), message, agent, seq++, now));
      }
    }
    queue
        .store()
        .transfer()
        .importAll(
            new ExportDocument(
                ExportDocument.VERSION,
                "bench",
                now,
                key - 1,
                agents,
                messages,
                entries,
                Map.of(),
                Map.of()));
  }

  private static boolean allDelivered(TestQueue queue, int total) {
    var entries = queue.entries();
    return entries.size() >= total
        && entries.stream().allMatch(e -> e.state() == EntryState.DELIVERED);
  }

  static String entryIdOf(TestQueue queue, String messageId) {
    return entriesOf(queue, messageId).get(0).entryId();
  }

  private static List<MessageStatus.RecipientState> entriesOf(TestQueue queue, String messageId) {
    return queue.store().reports().message(messageId).orElseThrow().recipients();
  }

  static long waitFor(InboxWatch watch, String file) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Long seen;
    while ((seen = watch.seenAt(file)) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(file + " never appeared");
      }
      LockSupport.parkNanos(20_000);
    }
    return seen;
  }

  /** Percentiles of nanosecond samples, printed in milliseconds. */
  static final class Stats {
    static void print(String what, long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
          what,
          sorted.length,
          ms(sorted, 0.50),
          ms(sorted, 0.90),
          ms(sorted, 0.99),
          sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
      int index = (int) Math.ceil(quantile * sorted.length) - 1;
      return sorted[Math.max(0, index)] / 1e6;
    }
  }

  /** The processor under test, started by its launcher; its pid is the JVM's (exec). */
  static final class Daemon implements AutoCloseable {
    private final Process process;

    private Daemon(Process process) {
      this.process = process;
    }

    static Daemon onDirectory(Path launcher, Path dir, Path log, String... args)
        throws IOException {
      List<String> command = new ArrayList<>(List.of("--dir", dir.toString()));
      command.addAll(List.of(args));
      return start(launcher, command, Map.of(), log);
    }

    /** {@code LAUNCHER ARGS} with these variables added to the environment. */
    static Daemon start(Path launcher, List<String> args, Map<String, String> variables, Path log)
        throws IOException {
      List<String> command = new ArrayList<>(List.of(launcher.toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(variables);
      Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Daemon(process);
    }

    long peakRssMb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", "" + process.pid(), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
      return -1;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
