package queue.core.it;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.OpenOptions;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.DefaultFileOps;
import queue.core.store.CheckpointPolicy;
import queue.core.store.FileStore;

/**
 * One of the concurrent processes: sends {@code sends} messages to its own agent (a broadcast every
 * {@code broadcastEvery}, to every agent, itself included), and after every {@code claimEvery}
 * sends claims what is due and settles it as delivered; when done sending it drains until a claim
 * finds nothing. Prints "claimed ID TOKEN" for each entry it claimed, after the claim returned. Its
 * store folds the journal into queue.json every CHECKPOINT_EVERY records.
 *
 * <p>Args: DIR AGENT SENDS BROADCAST_EVERY CLAIM_EVERY CHECKPOINT_EVERY
 */
public final class WorkerMain {
  /** Longer than any run: a lease that ran out would let an entry be claimed twice. */
  static final Duration LEASE = Duration.ofMinutes(30);

  private WorkerMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String agent = args[1];
    int sends = Integer.parseInt(args[2]);
    int broadcastEvery = Integer.parseInt(args[3]);
    int claimEvery = Integer.parseInt(args[4]);
    CheckpointPolicy checkpoints = new CheckpointPolicy(4096, Long.parseLong(args[5]), 1000);
    OpenOptions options =
        OpenOptions.defaults(Clock.systemUTC()).withTimeouts(Duration.ofMinutes(2), Duration.ZERO);
    try (QueueStore store = FileStore.open(dir, options, new DefaultFileOps(), checkpoints)) {
      for (int i = 1; i <= sends; i++) {
        String body = agent + " " + i;
        store
            .sends()
            .send(
                i % broadcastEvery == 0
                    ? SendRequest.broadcast(agent, body).withIncludeSelf(true)
                    : SendRequest.to(List.of(agent), agent, body));
        if (i % claimEvery == 0) {
          claimAndDeliver(store, "worker-" + agent, WorkerMain::print);
        }
      }
      while (claimAndDeliver(store, "worker-" + agent, WorkerMain::print) > 0) {
        // Until nothing is left that this worker can take.
      }
    }
  }

  private static void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Claims what is due and settles it as delivered; reports a line for each entry claimed. */
  static int claimAndDeliver(QueueStore store, String owner, Consumer<String> report) {
    List<Claim> claims =
        store.leases().claim(ClaimRequest.processor(owner, "it", LEASE, 8, 16)).stream()
            .flatMap(List::stream)
            .toList();
    for (Claim claim : claims) {
      report.accept("claimed " + claim.entry().id() + " " + claim.lease().token());
    }
    store
        .leases()
        .settle(
            claims.stream().map(c -> new Completion(c.lease(), new Outcome.Delivered())).toList());
    return claims.size();
  }
}
