package queue.core.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.store.FileQueueStore;
import queue.core.store.QueueStore.Result;

/**
 * Saves as fast as it can until killed: generation n holds the counter n and a message whose body
 * is derived from n, of a size that changes with n, so a torn or mixed file cannot pass for a whole
 * one. Prints "saved n" after each save returned.
 *
 * <p>Args: DIR
 */
public final class SaveLoopMain {
  static final String COUNTER = "saves";

  private SaveLoopMain() {}

  public static void main(String[] args) {
    FileQueueStore store = FileQueueStore.open(Path.of(args[0]), Duration.ofSeconds(30));
    while (true) {
      long saved =
          store.update(
              current -> {
                long n = current.queue().deliveredTo(COUNTER) + 1;
                return new Result<>(current.withQueue(generation(n)), n);
              });
      System.out.println("saved " + saved);
      System.out.flush();
    }
  }

  static QueueState generation(long n) {
    Message message = new Message("m", "loop", body(n), Instant.EPOCH, null, List.of());
    return new QueueState(1, Map.of(COUNTER, n), List.of(message), List.of());
  }

  static String body(long n) {
    return (n + ";").repeat(1000 + (int) (n % 7) * 1000);
  }
}
