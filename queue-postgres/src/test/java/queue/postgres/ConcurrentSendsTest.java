package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.model.Entry;

/** Senders on separate stores at once, as separate processes or hosts are. */
class ConcurrentSendsTest extends StoreFixture {
  private static final int SENDERS = 4;

  @Test
  void concurrentSendsWithOneKeyQueueOneMessage() throws Exception {
    register("alice", "bob");
    SendRequest keyed =
        SendRequest.to(List.of("alice", "bob"), "me", "once").withIdempotencyKey("same");

    List<SendResult> results = inParallel(s -> s.sends().send(keyed));

    assertEquals(1, results.stream().filter(r -> !r.duplicate()).count());
    assertEquals(1, results.stream().map(SendResult::messageId).distinct().count());
    assertEquals(2, entries().size());
  }

  @Test
  void concurrentSendsTakeDistinctIdsInQueueOrder() throws Exception {
    register("alice");

    List<SendResult> results =
        inParallel(
            s -> {
              for (int i = 0; i < 10; i++) {
                s.sends().send(SendRequest.to(List.of("alice"), "me", "m" + i));
              }
              return null;
            });

    List<Entry> entries = entries();
    assertEquals(SENDERS * 10, entries.size());
    Set<String> ids = entries.stream().map(Entry::id).collect(Collectors.toSet());
    assertEquals(entries.size(), ids.size());
    List<String> inSeqOrder = entries.stream().map(Entry::id).toList();
    assertEquals(inSeqOrder.stream().sorted().toList(), inSeqOrder);
    assertEquals(SENDERS, results.size());
  }

  private List<SendResult> inParallel(StoreWork work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    List<QueueStore> stores = new ArrayList<>();
    try {
      List<Future<SendResult>> futures = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        QueueStore own = open();
        stores.add(own);
        Callable<SendResult> task = () -> work.apply(own);
        futures.add(pool.submit(task));
      }
      List<SendResult> results = new ArrayList<>();
      for (Future<SendResult> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
      stores.forEach(QueueStore::close);
    }
  }

  @FunctionalInterface
  private interface StoreWork {
    SendResult apply(QueueStore store) throws Exception;
  }
}
