package queue.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import queue.cli.Json;
import queue.cli.agents.AgentRequests;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.Stores;
import queue.core.testing.Percentiles;
import tools.jackson.databind.JsonNode;

/**
 * The two measurements of {@code queue receive --follow --json}, each on a new, empty store with
 * one pull agent and one receiver process: latency (one send at a time, in this JVM through the
 * queue API, to the line on the receiver's stdout) and throughput (a backlog through the pipe).
 */
final class ReceiveRuns {
  private static final String AGENT = "bench";
  private static final int WARM_UP = 50;
  // The 20 ms between sends, cut in two by the floor sample, so that it never overlaps the
  // receiver's settle save after a line.
  private static final long HALF_PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Path work;
  private final Path launcher;
  private final Clock clock = Clock.systemUTC();
  private int started;

  /** Latency percentiles, and the floor sampled between the sends. */
  record Latency(Percentiles latency, Percentiles floor) {}

  /**
   * @param perSecond lines per second from the first line to the last
   * @param firstLineMillis from starting the launcher to the first line (JVM start, first claim)
   */
  record Throughput(int messages, double perSecond, double firstLineMillis) {}

  ReceiveRuns(Path work, Path launcher) {
    this.work = work;
    this.launcher = launcher;
  }

  Latency latency(BenchStore kind, int sends) throws Exception {
    String location = kind.create();
    try (QueueStore store = open(location)) {
      store.agents().add(requests().pull(AGENT, clock.instant()));
      try (ReceiverProcess receiver = start(kind, location)) {
        for (int i = 0; i < WARM_UP; i++) {
          send(store, "warm " + i);
          expectBody(receiver.next(), "warm " + i);
        }
        long[] latencies = new long[sends];
        long[] floor = new long[sends];
        for (int i = 0; i < sends; i++) {
          send(store, "ping " + i);
          long committed = System.nanoTime();
          ReceiverProcess.Line line = receiver.next();
          latencies[i] = line.nanos() - committed;
          expectBody(line, "ping " + i);
          LockSupport.parkNanos(HALF_PACE_NANOS);
          floor[i] = kind.floorNanos();
          LockSupport.parkNanos(HALF_PACE_NANOS);
        }
        return new Latency(Percentiles.of(latencies), Percentiles.of(floor));
      }
    }
  }

  Throughput throughput(BenchStore kind, int backlog) throws Exception {
    String location = kind.create();
    try (QueueStore store = open(location)) {
      Backlogs.importQueued(store, requests().pull(AGENT, clock.instant()), backlog);
      List<ReceiverProcess.Line> lines = new ArrayList<>(backlog);
      long launched = System.nanoTime();
      try (ReceiverProcess receiver = start(kind, location)) {
        for (int i = 0; i < backlog; i++) {
          lines.add(receiver.next());
        }
        awaitDelivered(store, backlog);
        ReceiverProcess.Line extra = receiver.poll(500);
        if (extra != null) {
          throw new IllegalStateException("a line after all " + backlog + ": " + extra.text());
        }
      }
      checkOnceInOrder(lines);
      long first = lines.get(0).nanos();
      long last = lines.get(backlog - 1).nanos();
      // backlog - 1 intervals between the first line and the last.
      return new Throughput(
          backlog, (backlog - 1) / ((last - first) / 1e9), (first - launched) / 1e6);
    }
  }

  private QueueStore open(String location) throws IOException {
    Files.createDirectories(work.resolve("local"));
    return Stores.open(location, OpenOptions.defaults(clock));
  }

  private AgentRequests requests() {
    return new AgentRequests(work, "bench-host", null, System.getenv("PATH"));
  }

  private ReceiverProcess start(BenchStore kind, String location) throws IOException {
    Path log = work.resolve("receive-" + ++started + "-" + kind.name() + ".log");
    return ReceiverProcess.start(
        launcher, kind.option(location), AGENT, log, work.resolve("local"));
  }

  private static void send(QueueStore store, String body) {
    store.sends().send(SendRequest.to(List.of(AGENT), "bench", body));
  }

  /** Each of the backlog's messages once, in queue order: bodies 0, 1, ..., ids increasing. */
  private static void checkOnceInOrder(List<ReceiverProcess.Line> lines) {
    String previousId = "";
    for (int i = 0; i < lines.size(); i++) {
      JsonNode message = Json.mapper().readTree(lines.get(i).text());
      String id = message.get("id").asString();
      String body = message.get("body").asString();
      if (!body.equals("backlog " + i) || id.compareTo(previousId) <= 0) {
        throw new IllegalStateException(
            "line " + i + " is out of order or repeated: " + lines.get(i).text());
      }
      previousId = id;
    }
  }

  private static void expectBody(ReceiverProcess.Line line, String body) {
    String got = Json.mapper().readTree(line.text()).get("body").asString();
    if (!got.equals(body)) {
      throw new IllegalStateException("expected body '" + body + "', got line " + line.text());
    }
  }

  /** Waits for the receiver's last settle: all printed lines DELIVERED in the store. */
  private static void awaitDelivered(QueueStore store, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long delivered;
    while ((delivered = store.reports().status().totals().delivered()) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + delivered + " of " + count + " DELIVERED in the store after 60 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    if (delivered != count) {
      throw new IllegalStateException(delivered + " DELIVERED in the store, expected " + count);
    }
  }
}
