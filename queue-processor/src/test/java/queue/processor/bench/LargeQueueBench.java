package queue.processor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.core.rules.SendRules;
import queue.processor.testing.TestQueue;

/**
 * Issue 9's benchmark: the processor, as its launcher starts it, on a queue of MESSAGES bodies as
 * large as a send accepts (1 MiB each; 40 make the 40 MB queue.json of the defect), against the
 * floor of the same processor on a queue of one small message, rounds interleaved. Reports the time
 * from starting the launcher to the first inbox file and to the last, and the peak RSS. Arguments:
 * work directory, launcher, messages, rounds.
 */
public final class LargeQueueBench {
  private LargeQueueBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    Variant processor = new Variant("current", Path.of(args[1]), "");
    int messages = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    System.out.printf(
        Locale.ROOT,
        "## large queue: %d bodies of %d bytes, against 1 small message, %d rounds%n",
        messages,
        SendRules.MAX_BODY_BYTES,
        rounds);
    List<Run> small = new ArrayList<>();
    List<Run> large = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      small.add(run(work.resolve("small-" + round), processor, 1, 10));
      large.add(run(work.resolve("large-" + round), processor, messages, SendRules.MAX_BODY_BYTES));
    }
    print("1 small message", small);
    print(messages + " x 1 MiB", large);
  }

  /** One processor start on a fresh queue: milliseconds to the first and last file, peak RSS. */
  private record Run(double firstMillis, double lastMillis, long peakRssMb, long queueJsonMb) {}

  private static Run run(Path dir, Variant processor, int messages, int bodyBytes)
      throws Exception {
    fill(dir, messages, bodyBytes);
    long queueJson = Files.size(dir.resolve("queue.json")) >> 20;
    Path inbox = Files.createDirectories(dir.resolve("inbox/alice/new"));
    try (InboxWatch watch = new InboxWatch(List.of(inbox))) {
      long started = System.nanoTime();
      try (Daemon daemon = processor.start(dir, dir.resolveSibling(dir.getFileName() + ".log"))) {
        InboxWatch.Arrival first = awaitArrival(watch, 0);
        InboxWatch.Arrival last = awaitArrival(watch, messages - 1);
        return new Run(
            (first.nanos() - started) / 1e6,
            (last.nanos() - started) / 1e6,
            daemon.peakRssMb(),
            queueJson);
      }
    }
  }

  private static InboxWatch.Arrival awaitArrival(InboxWatch watch, int index) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    InboxWatch.Arrival arrival;
    while ((arrival = watch.arrival(index)) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("inbox file " + index + " never appeared");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return arrival;
  }

  private static void fill(Path dir, int messages, int bodyBytes) {
    try (TestQueue queue = TestQueue.inDirectory(dir, Clock.systemUTC())) {
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        bodies.add(String.valueOf((char) ('a' + i % 26)).repeat(bodyBytes));
      }
      queue.importQueued(List.of(queue.inboxAgent("alice")), bodies);
    }
  }

  private static void print(String label, List<Run> runs) {
    for (Run run : runs) {
      System.out.printf(
          Locale.ROOT,
          "%s: queue.json %d MB, first delivery %.0f ms, last %.0f ms after the launcher started;"
              + " peak RSS %d MB%n",
          label,
          run.queueJsonMb(),
          run.firstMillis(),
          run.lastMillis(),
          run.peakRssMb());
    }
  }
}
