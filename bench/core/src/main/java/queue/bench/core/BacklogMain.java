package queue.bench.core;

import java.nio.file.Path;
import java.util.List;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.store.FileStore;

/**
 * Makes a data directory for bench/run-send.sh: SIZE live entries over 8 agents, all in queue.json
 * (as after a processor's orderly stop), then RECORDS more sends left in the journal.
 *
 * <p>Args: DIR SIZE RECORDS
 */
public final class BacklogMain {
  private BacklogMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Backlog.filled(Integer.parseInt(args[1]), dir);
    int records = Integer.parseInt(args[2]);
    try (QueueStore store = FileStore.open(dir, BenchStores.options())) {
      for (int i = 0; i < records; i++) {
        store.sends().send(SendRequest.to(List.of(Backlog.agent(i % 8)), "bench", "record " + i));
      }
    }
  }
}
