package queue.core.it;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.store.FileStore;
import queue.core.testing.TestAgents;

/**
 * Writes as fast as it can until killed, in a cycle of four transactions: a send to alice and bob,
 * a forced removal of bob (both state files), bob registered again (both files), a send to alice.
 * Bodies change in size with the step, so a torn or mixed file cannot pass for a whole one. Prints
 * "done N" after transaction N returned.
 *
 * <p>Args: DIR
 */
public final class SaveLoopMain {
  private SaveLoopMain() {}

  public static void main(String[] args) {
    Clock clock = Clock.systemUTC();
    TestAgents requests = new TestAgents("it");
    OpenOptions options =
        OpenOptions.defaults(clock).withTimeouts(Duration.ofSeconds(30), Duration.ZERO);
    try (QueueStore store = FileStore.open(Path.of(args[0]), options)) {
      for (long step = 1; ; step++) {
        switch ((int) (step % 4)) {
          case 1 -> store.sends().send(SendRequest.to(List.of("alice", "bob"), "loop", body(step)));
          case 2 -> store.agents().remove("bob", true);
          case 3 -> store.agents().add(requests.inbox("bob", null, clock.instant()));
          default -> store.sends().send(SendRequest.to(List.of("alice"), "loop", body(step)));
        }
        System.out.println("done " + step);
        System.out.flush();
      }
    }
  }

  static String body(long step) {
    return (step + ";").repeat(50 + (int) (step % 7) * 100);
  }

  /** How many messages the loop has sent after {@code steps} transactions. */
  static long sends(long steps) {
    return steps / 4 * 2 + (steps % 4 >= 1 ? 1 : 0);
  }

  /** Whether bob is registered after {@code steps} transactions (it is before the first). */
  static boolean bobRegistered(long steps) {
    return steps % 4 != 2;
  }
}
