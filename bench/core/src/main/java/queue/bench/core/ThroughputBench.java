package queue.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import queue.core.QueueDirectory;
import queue.core.lease.Claim;
import queue.core.lease.Completion;
import queue.core.lease.Outcome;
import queue.core.model.EntryState;

/**
 * PRODUCERS separate JVMs each send MESSAGES messages (to their own agent) while this process
 * claims, completes and retires in batches, as a processor does. Reports the total time until every
 * message is delivered, and checks the counts.
 *
 * <p>Args: DIR PRODUCERS MESSAGES
 */
public final class ThroughputBench {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final int PER_RECIPIENT = 100;

  private ThroughputBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int producers = Integer.parseInt(args[1]);
    int messages = Integer.parseInt(args[2]);
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(60), Clock.systemUTC());
    for (int p = 0; p < producers; p++) {
      queue.agents().addInbox(Backlog.agent(p), null);
    }

    long start = System.nanoTime();
    List<Process> running = startProducers(dir, producers, messages);
    long expected = (long) producers * messages;
    int saves = 0;
    while (delivered(queue) < expected) {
      saves += consumeOnce(queue);
      if (running.stream().noneMatch(Process::isAlive)) {
        requireCleanExits(running);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    requireCleanExits(running);
    report(queue, producers, messages, seconds, saves);
  }

  private static List<Process> startProducers(Path dir, int producers, int messages)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      running.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  ProducerMain.class.getName(),
                  dir.toString(),
                  "producer-" + p,
                  Backlog.agent(p),
                  String.valueOf(messages))
              .inheritIO()
              .start());
    }
    return running;
  }

  // One claim save, one completion save, and a retention save when anything was delivered.
  private static int consumeOnce(QueueDirectory queue) {
    List<List<Claim>> batches =
        queue.claimer().claim("bench-consumer", LEASE, Integer.MAX_VALUE, PER_RECIPIENT);
    List<Completion> done = new ArrayList<>();
    batches.forEach(
        batch ->
            batch.forEach(
                c ->
                    done.add(
                        new Completion(c.entry().id(), c.leaseOwner(), new Outcome.Delivered()))));
    if (done.isEmpty()) {
      return 1;
    }
    queue.completer().complete(done);
    queue.maintenance().retire(Duration.ZERO);
    return 3;
  }

  private static long delivered(QueueDirectory queue) {
    return queue.queries().status().totals().delivered();
  }

  private static void requireCleanExits(List<Process> running) throws InterruptedException {
    for (Process process : running) {
      if (process.waitFor() != 0) {
        throw new IllegalStateException("producer pid " + process.pid() + " failed");
      }
    }
  }

  private static void report(
      QueueDirectory queue, int producers, int messages, double seconds, int saves) {
    var status = queue.queries().status();
    long expected = (long) producers * messages;
    boolean countsRight =
        status.totals().delivered() == expected
            && status.totals().pending() == 0
            && status.totals().processing() == 0
            && status.agents().stream().allMatch(a -> a.delivered() == messages)
            && queue.queries().list(EntryState.DELIVERED, null, 0).isEmpty();
    System.out.printf(
        "%d producers x %d messages: %d delivered in %.2f s (%.0f msg/s), consumer saves %d,"
            + " count check %s%n",
        producers,
        messages,
        status.totals().delivered(),
        seconds,
        expected / seconds,
        saves,
        countsRight ? "OK" : "FAILED");
    if (!countsRight) {
      System.exit(1);
    }
  }
}
