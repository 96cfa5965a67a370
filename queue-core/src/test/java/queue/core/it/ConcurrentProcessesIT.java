package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.store.FileStore;
import queue.core.testing.TestAgents;

/**
 * Eight JVMs send to and claim from one file store at once, 250 sends each: every send lands
 * exactly once (no lost update), every broadcast lands whole, ids sort in each sender's order and
 * in each recipient's queue order, every entry is claimed once and a recipient's entries in queue
 * order, and a reader polling meanwhile never sees a torn state or the delivered count go back,
 * while checkpoints fold the journal into queue.json all the time.
 */
class ConcurrentProcessesIT {
  private static final int PROCESSES = 8;
  private static final int SENDS = 250;
  private static final int BROADCAST_EVERY = 50;
  private static final int CLAIM_EVERY = 25;
  // Each process folds the journal into queue.json after this many records, so checkpoints run
  // all the time while the others append and the reader reads.
  private static final int CHECKPOINT_EVERY = 40;

  @TempDir Path dir;

  @Test
  void everySendOfEightProcessesLandsOnceAndEveryEntryIsClaimedOnceInOrder() throws Exception {
    try (QueueStore store = open()) {
      TestAgents requests = new TestAgents("it");
      for (int p = 0; p < PROCESSES; p++) {
        store.agents().add(requests.inbox(agent(p), null, Clock.systemUTC().instant()));
      }
      List<ChildJvm> workers = new ArrayList<>();
      for (int p = 0; p < PROCESSES; p++) {
        workers.add(
            ChildJvm.start(
                WorkerMain.class,
                dir.toString(),
                agent(p),
                String.valueOf(SENDS),
                String.valueOf(BROADCAST_EVERY),
                String.valueOf(CLAIM_EVERY),
                String.valueOf(CHECKPOINT_EVERY)));
      }
      AtomicLong delivered = new AtomicLong();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                ExportDocument seen = store.transfer().exportAll();
                assertBroadcastsWhole(seen);
                long now = store.reports().status().totals().delivered();
                assertTrue(now >= delivered.get(), "delivered went back to " + now);
                delivered.set(now);
                return workers.stream().noneMatch(w -> w.process().isAlive());
              });
      for (ChildJvm worker : workers) {
        assertEquals(0, worker.awaitExit(), "worker pid " + worker.process().pid());
      }

      List<String> claimed = new ArrayList<>();
      workers.forEach(w -> claimed.addAll(w.lines()));
      // What the workers left: one that finished early leaves the others' last entries.
      while (WorkerMain.claimAndDeliver(store, "test", claimed::add) > 0) {
        // Until the queue is drained.
      }
      assertEverythingLandedAndWasClaimedOnceInOrder(
          open().transfer().exportAll(), tokens(claimed));
    }
  }

  private static String agent(int p) {
    return "agent-" + p;
  }

  private QueueStore open() {
    return FileStore.open(
        dir,
        OpenOptions.defaults(Clock.systemUTC()).withTimeouts(Duration.ofMinutes(2), Duration.ZERO));
  }

  /** The token of the claim that took each entry, from the "claimed ID TOKEN" lines. */
  private static Map<String, Long> tokens(List<String> lines) {
    Map<String, Long> tokens = new HashMap<>();
    for (String line : lines) {
      if (line.startsWith("claimed ")) {
        String[] parts = line.split(" ");
        Long earlier = tokens.put(parts[1], Long.parseLong(parts[2]));
        assertEquals(null, earlier, "entry " + parts[1] + " claimed twice");
      }
    }
    return tokens;
  }

  private static void assertEverythingLandedAndWasClaimedOnceInOrder(
      ExportDocument end, Map<String, Long> tokens) {
    int broadcasts = PROCESSES * (SENDS / BROADCAST_EVERY);
    assertEquals(PROCESSES * SENDS, end.messages().size());
    assertEquals(
        PROCESSES * (SENDS - SENDS / BROADCAST_EVERY) + broadcasts * PROCESSES,
        end.entries().size());
    assertBroadcastsWhole(end);
    for (int p = 0; p < PROCESSES; p++) {
      String sender = agent(p);
      List<Message> sent =
          end.messages().stream()
              .filter(m -> m.sender().equals(sender))
              .sorted(Comparator.comparingInt(m -> Integer.parseInt(m.body().split(" ")[1])))
              .toList();
      assertEquals(SENDS, sent.size(), sender);
      assertIncreasing(sent.stream().map(Message::id).toList(), "ids of " + sender + "'s sends");
    }
    assertEquals(end.entries().size(), tokens.size(), "every entry claimed exactly once");
    Map<String, List<Entry>> byRecipient =
        end.entries().stream().collect(Collectors.groupingBy(Entry::recipient));
    for (var recipient : byRecipient.entrySet()) {
      List<Entry> queued = recipient.getValue();
      assertIncreasing(
          queued.stream().map(Entry::id).toList(),
          "ids of " + recipient.getKey() + "'s entries in queue order");
      assertTrue(queued.stream().allMatch(e -> e.state() == EntryState.DELIVERED));
      assertEquals(queued.size(), end.delivered().get(recipient.getKey()));
      for (int i = 1; i < queued.size(); i++) {
        long before = tokens.get(queued.get(i - 1).id());
        long after = tokens.get(queued.get(i).id());
        assertTrue(
            before <= after,
            recipient.getKey()
                + ": "
                + queued.get(i).id()
                + " claimed before the entry ahead of it");
      }
    }
  }

  private static void assertBroadcastsWhole(ExportDocument state) {
    Map<String, Long> entriesPerMessage =
        state.entries().stream()
            .collect(Collectors.groupingBy(Entry::messageId, Collectors.counting()));
    for (Message message : state.messages()) {
      assertEquals(
          (long) message.recipients().size(),
          entriesPerMessage.getOrDefault(message.id(), 0L),
          "message " + message.id() + " (" + message.body() + ")");
      if (message.body().endsWith("0")
          && Integer.parseInt(message.body().split(" ")[1]) % BROADCAST_EVERY == 0) {
        assertEquals(PROCESSES, message.recipients().size(), message.body());
      }
    }
  }

  private static void assertIncreasing(List<String> ids, String what) {
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(
          ids.get(i - 1).compareTo(ids.get(i)) < 0,
          what + ": " + ids.get(i - 1) + " then " + ids.get(i));
    }
  }
}
