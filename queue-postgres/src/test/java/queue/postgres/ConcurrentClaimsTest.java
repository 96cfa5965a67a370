package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.model.EntryState;

/** Several claimers on one database: separate stores, as separate processes or hosts are. */
class ConcurrentClaimsTest extends StoreFixture {

  @Test
  void twoClaimersTakeARecipientsEntriesOneAtATimeInOrder() {
    register("alice");
    send("alice", "a1");
    send("alice", "a2");
    try (QueueStore other = open()) {
      List<Claim> first = claimHeads("p1");
      List<Claim> none =
          other.leases().claim(ClaimRequest.processor("p2", HOST, LEASE, 10, 5)).stream()
              .flatMap(List::stream)
              .toList();
      deliver(first.get(0));
      List<Claim> second =
          other.leases().claim(ClaimRequest.processor("p2", HOST, LEASE, 10, 5)).stream()
              .flatMap(List::stream)
              .toList();

      assertEquals(List.of(), none);
      assertEquals("a1", first.get(0).message().body());
      assertEquals(List.of("a2"), second.stream().map(c -> c.message().body()).toList());
    }
  }

  @Test
  void aClaimerCutOffPastItsLeaseChangesNothingWithItsLateResult() {
    register("alice");
    send("alice", "a1");
    send("alice", "a2");
    try (QueueStore other = open()) {
      Claim stale = claimHeads("cut-off").get(0);
      clock.advance(LEASE.plusSeconds(1));
      Claim taken =
          other.leases().claim(ClaimRequest.processor("p2", HOST, LEASE, 10, 1)).get(0).get(0);

      int late =
          store.leases().settle(List.of(new Completion(stale.lease(), new Outcome.Failed("late"))));

      assertEquals(0, late);
      assertEquals(stale.entry().id(), taken.entry().id());
      assertEquals(EntryState.PROCESSING, entry(taken.entry().id()).state());
      assertEquals(
          1,
          other.leases().settle(List.of(new Completion(taken.lease(), new Outcome.Delivered()))));
      assertEquals("a2", claimHeads("cut-off").get(0).message().body());
    }
  }

  @Test
  void concurrentClaimersDeliverEverythingOnceAndEachRecipientInOrder() throws Exception {
    List<String> agents = List.of("a0", "a1", "a2", "a3", "a4", "a5");
    register(agents.toArray(String[]::new));
    int perAgent = 40;
    for (int i = 0; i < perAgent; i++) {
      store.sends().send(SendRequest.broadcast("me", Integer.toString(i)));
    }
    Map<String, List<Integer>> delivered = new ConcurrentHashMap<>();
    agents.forEach(a -> delivered.put(a, new CopyOnWriteArrayList<>()));
    AtomicInteger duplicates = new AtomicInteger();
    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    int claimers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    List<QueueStore> stores = new ArrayList<>();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < claimers; c++) {
        QueueStore own = open();
        stores.add(own);
        String owner = "p" + c;
        running.add(
            pool.submit(
                () -> drain(own, owner, delivered, seen, duplicates, agents.size() * perAgent)));
      }
      for (Future<?> future : running) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      stores.forEach(QueueStore::close);
    }

    assertEquals(0, duplicates.get());
    List<Integer> inOrder = new ArrayList<>();
    for (int i = 0; i < perAgent; i++) {
      inOrder.add(i);
    }
    for (String agent : agents) {
      assertEquals(inOrder, delivered.get(agent), agent);
    }
    assertEquals(agents.size() * perAgent, store.reports().status().totals().delivered());
  }

  private static Void drain(
      QueueStore store,
      String owner,
      Map<String, List<Integer>> delivered,
      Map<String, Boolean> seen,
      AtomicInteger duplicates,
      int total) {
    while (seen.size() < total) {
      List<List<Claim>> batches =
          store.leases().claim(ClaimRequest.processor(owner, HOST, Duration.ofMinutes(5), 2, 3));
      List<Completion> done = new ArrayList<>();
      for (List<Claim> batch : batches) {
        for (Claim claim : batch) {
          if (seen.putIfAbsent(claim.entry().id(), true) != null) {
            duplicates.incrementAndGet();
          }
          delivered.get(claim.entry().recipient()).add(Integer.parseInt(claim.message().body()));
          done.add(new Completion(claim.lease(), new Outcome.Delivered()));
        }
      }
      assertEquals(done.size(), store.leases().settle(done));
    }
    return null;
  }
}
