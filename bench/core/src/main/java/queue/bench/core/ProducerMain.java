package queue.bench.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import queue.core.send.SendRequest;
import queue.core.send.Sender;
import queue.core.store.FileQueueStore;

/**
 * One producer process of {@link ThroughputBench}: sends COUNT messages to AGENT, one durable save
 * each.
 *
 * <p>Args: DIR NAME AGENT COUNT
 */
public final class ProducerMain {
  private ProducerMain() {}

  public static void main(String[] args) {
    FileQueueStore store = FileQueueStore.open(Path.of(args[0]), Duration.ofSeconds(60));
    Sender sender = new Sender(store, Clock.systemUTC(), Sender.DEFAULT_MAX_BODY_BYTES);
    int count = Integer.parseInt(args[3]);
    for (int i = 1; i <= count; i++) {
      sender.send(SendRequest.to(List.of(args[2]), args[1], args[1] + " message " + i));
    }
  }
}
