package queue.bench.postgres;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.OpenOptions;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.Stores;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;

/**
 * Claim + settle with no delivery: the store's own ceiling for a processor. {@code ENTRIES} entries
 * over 8 agents (broadcasts), drained by {@code claimers} threads, each with its own store, each
 * claiming up to 8 recipients and {@code perRecipient} entries of each, then settling them all
 * DELIVERED. Reports entries per second and checks that all were delivered once.
 */
final class DrainBench {
  static final int ENTRIES = 10_000;

  private final BenchServer server;
  private final Path directory;
  private int databases;

  DrainBench(BenchServer server, Path directory) {
    this.server = server;
    this.directory = directory;
  }

  /** Entries per second. */
  double run(int claimers, int perRecipient) throws Exception {
    String url = server.newDatabase("bench_drain_" + ++databases);
    OpenOptions options = OpenOptions.defaults(Clock.systemUTC());
    try (QueueStore store = Stores.open(url, options)) {
      for (String agent : SendBench.AGENTS) {
        store
            .agents()
            .add(
                Agent.of(agent, Inbox.TRANSPORT, Inbox.target(null), Clock.systemUTC().instant())
                    .withHost("bench-host", true));
      }
      for (int i = 0; i < ENTRIES / SendBench.AGENTS.size(); i++) {
        store.sends().send(SendRequest.broadcast("bench", "m" + i));
      }
      AtomicLong settled = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(claimers);
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < claimers; c++) {
        String owner = "claimer-" + c;
        running.add(pool.submit(() -> drain(url, options, owner, perRecipient, settled)));
      }
      for (Future<?> future : running) {
        future.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      long delivered = store.reports().status().totals().delivered();
      if (settled.get() != ENTRIES || delivered != ENTRIES) {
        throw new IllegalStateException(
            "settled " + settled.get() + ", delivered " + delivered + " of " + ENTRIES);
      }
      return ENTRIES / seconds;
    }
  }

  private static Void drain(
      String url, OpenOptions options, String owner, int perRecipient, AtomicLong settled) {
    try (QueueStore store = Stores.open(url, options)) {
      ClaimRequest request =
          ClaimRequest.processor(owner, "bench-host", Duration.ofMinutes(5), 8, perRecipient);
      while (settled.get() < ENTRIES) {
        List<Completion> done = new ArrayList<>();
        for (List<Claim> batch : store.leases().claim(request)) {
          for (Claim claim : batch) {
            done.add(new Completion(claim.lease(), new Outcome.Delivered()));
          }
        }
        settled.addAndGet(store.leases().settle(done));
      }
    }
    return null;
  }
}
