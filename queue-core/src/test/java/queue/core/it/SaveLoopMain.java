package queue.core.it;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.OpenOptions;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.DefaultFileOps;
import queue.core.store.CheckpointPolicy;
import queue.core.store.FileStore;
import queue.core.testing.TestAgents;

/**
 * Writes as fast as it can until killed, in a cycle of six transactions: a send to alice and bob, a
 * claim of what is due, a forced removal of bob (both state files), bob registered again (both
 * files), a send to alice, and the results of the claim (delivered). Bodies change in size with the
 * step, so a torn or mixed file cannot pass for a whole one. The store folds the journal into
 * queue.json every CHECKPOINT_EVERY records, so kills land in checkpoints too. Prints "done N"
 * after transaction N returned.
 *
 * <p>Args: DIR CHECKPOINT_EVERY
 */
public final class SaveLoopMain {
  static final int CYCLE = 6;

  private SaveLoopMain() {}

  public static void main(String[] args) {
    Clock clock = Clock.systemUTC();
    TestAgents requests = new TestAgents("it");
    OpenOptions options =
        OpenOptions.defaults(clock).withTimeouts(Duration.ofSeconds(30), Duration.ZERO);
    CheckpointPolicy checkpoints = new CheckpointPolicy(4096, Long.parseLong(args[1]), 1000);
    try (QueueStore store =
        FileStore.open(Path.of(args[0]), options, new DefaultFileOps(), checkpoints)) {
      List<LeaseRef> claimed = new ArrayList<>();
      for (long step = 1; ; step++) {
        switch ((int) (step % CYCLE)) {
          case 1 -> store.sends().send(SendRequest.to(List.of("alice", "bob"), "loop", body(step)));
          case 2 -> claimed.addAll(claim(store));
          case 3 -> store.agents().remove("bob", true);
          case 4 -> store.agents().add(requests.inbox("bob", null, clock.instant()));
          case 5 -> store.sends().send(SendRequest.to(List.of("alice"), "loop", body(step)));
          default -> {
            store.leases().settle(delivered(claimed));
            claimed.clear();
          }
        }
        System.out.println("done " + step);
        System.out.flush();
      }
    }
  }

  private static List<LeaseRef> claim(QueueStore store) {
    return store
        .leases()
        .claim(ClaimRequest.processor("loop", "it", Duration.ofSeconds(2), 8, 4))
        .stream()
        .flatMap(List::stream)
        .map(Claim::lease)
        .toList();
  }

  private static List<Completion> delivered(List<LeaseRef> leases) {
    return leases.stream().map(l -> new Completion(l, new Outcome.Delivered())).toList();
  }

  static String body(long step) {
    return (step + ";").repeat(50 + (int) (step % 7) * 100);
  }

  /** How many messages the loop has sent after {@code steps} transactions. */
  static long sends(long steps) {
    long rest = steps % CYCLE;
    return steps / CYCLE * 2 + (rest >= 1 ? 1 : 0) + (rest >= 5 ? 1 : 0);
  }

  /** Whether bob is registered after {@code steps} transactions (it is before the first). */
  static boolean bobRegistered(long steps) {
    return steps % CYCLE != 3;
  }
}
