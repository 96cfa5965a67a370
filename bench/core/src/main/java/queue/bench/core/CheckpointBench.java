package queue.bench.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.snapshot.SnapshotQueueStore;
import queue.core.snapshot.SnapshotStore;
import queue.core.store.FileStore;

/**
 * A checkpoint of a large queue and what it does to the sends made meanwhile. On a data directory
 * of SIZE live entries, a sender (a store of its own, as another process is) sends one message
 * every PAUSE_MS, for ROUNDS rounds of two phases each: quiet (nothing else runs), then with a
 * checkpointing writer folding the journal into queue.json back to back. Reports the checkpoint's
 * time and the send latency of each phase (p50, p90, p99, max).
 *
 * <p>Args: DIR SIZE ROUNDS SENDS_PER_PHASE PAUSE_MS
 */
public final class CheckpointBench {
  private CheckpointBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int size = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int sends = Integer.parseInt(args[3]);
    long pauseMillis = Long.parseLong(args[4]);
    Backlog.filled(size, dir);
    FileStore parts = BenchStores.parts(dir);
    SnapshotStore writer = parts.snapshots();
    QueueStore writerApi = SnapshotQueueStore.of(parts, Clock.systemUTC());
    Samples checkpoints = new Samples("checkpoint, " + size + " live");
    Samples quiet = new Samples("send, no checkpoint running");
    Samples busy = new Samples("send while checkpoints run back to back");
    try (QueueStore sender = FileStore.open(dir, BenchStores.options())) {
      for (int round = 0; round < rounds; round++) {
        sendAll(sender, sends, pauseMillis, quiet);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread folding =
            new Thread(() -> foldWhile(running, writer, writerApi, checkpoints), "checkpoints");
        folding.start();
        sendAll(sender, sends, pauseMillis, busy);
        running.set(false);
        folding.join();
      }
    }
    System.out.printf(
        "queue.json at %d live: %d bytes; %d rounds of %d sends per phase, %d ms apart%n%n",
        size, Files.size(dir.resolve("queue.json")), rounds, sends, pauseMillis);
    System.out.println("| measure | count | p50 ms | p90 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Samples s : List.of(checkpoints, quiet, busy)) {
      System.out.printf(
          "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n",
          s.name(),
          s.count(),
          s.medianMillis(),
          s.percentileMillis(90),
          s.percentileMillis(99),
          s.percentileMillis(100));
    }
  }

  private static void sendAll(QueueStore sender, int sends, long pauseMillis, Samples into)
      throws InterruptedException {
    for (int i = 0; i < sends; i++) {
      long start = System.nanoTime();
      sender.sends().send(SendRequest.to(List.of(Backlog.agent(2)), "bench", "during " + i));
      into.add(System.nanoTime() - start);
      Thread.sleep(pauseMillis);
    }
  }

  // A record is appended first so that each checkpoint has something to fold.
  private static void foldWhile(
      AtomicBoolean running, SnapshotStore writer, QueueStore api, Samples into) {
    while (running.get()) {
      api.sends().send(SendRequest.to(List.of(Backlog.agent(3)), "bench", "folded"));
      long start = System.nanoTime();
      writer.checkpoint();
      into.add(System.nanoTime() - start);
    }
  }
}
