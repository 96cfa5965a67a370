package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.Ids;
import queue.core.api.SendResult;
import queue.core.testing.Percentiles;
import queue.processor.testing.TestQueue;

/**
 * End-to-end latency (send committed to inbox file visible) and broadcast-to-8 latency of several
 * processors, interleaved: each runs on its own data directory, and every round sends one message
 * to each of them in turn (the order rotating), so a change in the machine's load hits all alike.
 * Each round starts with one fsync'd inbox file written by this process, the floor of a delivery.
 * The bench never reads the store while a sample runs: the entry ids follow from the message id.
 */
final class LatencyRun {
  private static final int AGENTS = 8;
  private static final int WARM_UP = 50;
  private static final int BROADCASTS = 20;
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

  private LatencyRun() {}

  static void run(
      Path work, List<Variant> variants, int sends, String label, String... processorArgs)
      throws Exception {
    System.out.printf(Locale.ROOT, "%n## latency, %s (%s)%n", label, ProcessorBench.load());
    List<Subject> subjects = new ArrayList<>();
    try {
      for (Variant variant : variants) {
        subjects.add(Subject.start(work.resolve(variant.name()), variant, sends, processorArgs));
      }
      for (Subject subject : subjects) {
        for (int i = 0; i < WARM_UP; i++) {
          subject.send("agent-1");
        }
      }
      long[] floors = new long[sends];
      for (int round = 0; round < sends; round++) {
        floors[round] = FsyncFloor.writeOne(work.resolve("floor"), round + ".json");
        for (int k = 0; k < subjects.size(); k++) {
          Subject subject = subjects.get((round + k) % subjects.size());
          subject.latencies[round] = subject.send("agent-0");
        }
      }
      for (int round = 0; round < BROADCASTS; round++) {
        for (int k = 0; k < subjects.size(); k++) {
          Subject subject = subjects.get((round + k) % subjects.size());
          subject.broadcasts[round] = subject.broadcast();
        }
      }
      print(subjects, Percentiles.of(floors));
    } finally {
      for (Subject subject : subjects) {
        subject.close();
      }
    }
  }

  private static void print(List<Subject> subjects, Percentiles floor) throws IOException {
    System.out.printf(
        Locale.ROOT, "floor: one fsync'd inbox file written by the bench: %s%n", floor);
    System.out.println();
    System.out.println(
        "| processor | p50 ms | p90 ms | p99 ms | max ms | p50 / floor | broadcast x8 p50 ms"
            + " | broadcast x8 p99 ms | entries at the end | peak RSS MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Subject subject : subjects) {
      Percentiles one = Percentiles.of(subject.latencies);
      Percentiles all = Percentiles.of(subject.broadcasts);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %.2f | %.2f | %.1fx | %.2f | %.2f | %d | %d |%n",
          subject.variant.name(),
          one.p50(),
          one.p90(),
          one.p99(),
          one.max(),
          one.p50() / floor.p50(),
          all.p50(),
          all.p99(),
          subject.queue.entries().size(),
          subject.daemon.peakRssMb());
    }
  }

  /** One processor under test with its data directory, its queue and its inbox watch. */
  private static final class Subject implements AutoCloseable {
    private final Variant variant;
    private final TestQueue queue;
    private final Daemon daemon;
    private final InboxWatch watch;
    private final long[] latencies;
    private final long[] broadcasts = new long[BROADCASTS];
    private int seen;

    private Subject(Variant variant, TestQueue queue, Daemon daemon, InboxWatch watch, int sends) {
      this.variant = variant;
      this.queue = queue;
      this.daemon = daemon;
      this.watch = watch;
      this.latencies = new long[sends];
    }

    static Subject start(Path dir, Variant variant, int sends, String... processorArgs)
        throws IOException {
      TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC());
      List<Path> inboxes = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        queue.addInbox("agent-" + i);
        inboxes.add(Files.createDirectories(dir.resolve("inbox/agent-" + i + "/new")));
      }
      Daemon daemon =
          variant.start(dir, dir.resolveSibling(variant.name() + ".log"), processorArgs);
      return new Subject(variant, queue, daemon, new InboxWatch(inboxes), sends);
    }

    long send(String agent) {
      SendResult sent = queue.send("ping", agent);
      long committed = System.nanoTime();
      long last = awaitFiles(sent, 1);
      LockSupport.parkNanos(PACE_NANOS);
      return last - committed;
    }

    long broadcast() {
      SendResult sent = queue.broadcast("all");
      long committed = System.nanoTime();
      long last = awaitFiles(sent, AGENTS);
      LockSupport.parkNanos(PACE_NANOS);
      return last - committed;
    }

    // The entries of a message take the keys right after its own, one per recipient.
    private long awaitFiles(SendResult sent, int count) {
      long key = keyOf(sent.messageId());
      Set<String> expected = new HashSet<>();
      for (int i = 1; i <= count; i++) {
        expected.add(Ids.format(key + i) + ".json");
      }
      long last = 0;
      for (int i = 0; i < count; i++) {
        InboxWatch.Arrival arrival = watch.await(seen++);
        if (!expected.remove(arrival.name())) {
          throw new IllegalStateException(
              variant.name() + ": " + arrival.name() + " appeared, expected one of " + expected);
        }
        last = Math.max(last, arrival.nanos());
      }
      return last;
    }

    private static long keyOf(String id) {
      long key = 0;
      for (char c : id.toCharArray()) {
        key = key * 32 + ALPHABET.indexOf(c);
      }
      return key;
    }

    @Override
    public void close() throws IOException {
      daemon.close();
      watch.close();
      queue.close();
    }
  }
}
