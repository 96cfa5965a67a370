package queue.core.it;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import queue.core.model.QueueState;
import queue.core.send.SendRequest;
import queue.core.send.Sender;
import queue.core.store.FileQueueStore;
import queue.core.store.QueueStore.Result;

/**
 * One of the concurrent writers: {@code increments} read-modify-write updates of two counters (its
 * own and the shared "total"), and a broadcast every {@code broadcastEvery} of them.
 *
 * <p>Args: DIR NAME INCREMENTS BROADCAST_EVERY
 */
public final class CounterMain {
  static final String TOTAL = "total";

  private CounterMain() {}

  public static void main(String[] args) {
    FileQueueStore store = FileQueueStore.open(Path.of(args[0]), Duration.ofSeconds(60));
    String name = args[1];
    int increments = Integer.parseInt(args[2]);
    int broadcastEvery = Integer.parseInt(args[3]);
    Sender sender = new Sender(store, Clock.systemUTC(), Sender.DEFAULT_MAX_BODY_BYTES);
    for (int i = 1; i <= increments; i++) {
      store.update(
          current -> {
            QueueState queue = current.queue();
            Map<String, Long> counters = new HashMap<>(queue.delivered());
            counters.merge(TOTAL, 1L, Long::sum);
            counters.merge(name, 1L, Long::sum);
            QueueState next =
                new QueueState(queue.nextSeq(), counters, queue.messages(), queue.entries());
            return new Result<>(current.withQueue(next), null);
          });
      if (i % broadcastEvery == 0) {
        sender.send(SendRequest.broadcast(name, name + " broadcast " + i));
      }
    }
  }
}
