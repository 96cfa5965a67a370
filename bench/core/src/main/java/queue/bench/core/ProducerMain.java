package queue.bench.core;

import java.nio.file.Path;
import java.util.List;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.store.FileStore;

/**
 * One producer process of {@link ThroughputBench}: sends COUNT messages to AGENT, one durable save
 * each.
 *
 * <p>Args: DIR NAME AGENT COUNT
 */
public final class ProducerMain {
  private ProducerMain() {}

  public static void main(String[] args) {
    try (QueueStore store = FileStore.open(Path.of(args[0]), BenchStores.options())) {
      int count = Integer.parseInt(args[3]);
      for (int i = 1; i <= count; i++) {
        store.sends().send(SendRequest.to(List.of(args[2]), args[1], args[1] + " message " + i));
      }
    }
  }
}
