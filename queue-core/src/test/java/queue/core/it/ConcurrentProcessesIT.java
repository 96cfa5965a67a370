package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.agents.AgentRegistry;
import queue.core.model.Entry;
import queue.core.model.QueueState;
import queue.core.store.FileQueueStore;

/**
 * Several JVMs update one store at once. Every increment must be counted exactly once (no lost
 * update), every broadcast must land whole, and a reader polling meanwhile never sees a torn or
 * older state.
 */
class ConcurrentProcessesIT {
  private static final int PROCESSES = 8;
  private static final int INCREMENTS = 250;
  private static final int BROADCAST_EVERY = 50;
  private static final int AGENTS = 8;

  @TempDir Path dir;

  @Test
  void everyUpdateOfEightProcessesLandsExactlyOnceAndBroadcastsLandWhole() throws Exception {
    FileQueueStore store = FileQueueStore.open(dir, Duration.ofSeconds(10));
    AgentRegistry agents = new AgentRegistry(store, java.time.Clock.systemUTC());
    for (int i = 0; i < AGENTS; i++) {
      agents.addInbox("agent-" + i, null);
    }

    List<ChildJvm> writers = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      writers.add(
          ChildJvm.start(
              CounterMain.class,
              dir.toString(),
              "writer-" + p,
              String.valueOf(INCREMENTS),
              String.valueOf(BROADCAST_EVERY)));
    }
    AtomicLong lastTotal = new AtomicLong();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              QueueState seen = store.read().queue();
              assertBroadcastsWhole(seen);
              long total = seen.deliveredTo(CounterMain.TOTAL);
              assertTrue(
                  total >= lastTotal.get(), "total went back from " + lastTotal + " to " + total);
              lastTotal.set(total);
              return writers.stream().noneMatch(w -> w.process().isAlive());
            });

    for (ChildJvm writer : writers) {
      assertEquals(0, writer.awaitExit(), "writer pid " + writer.process().pid());
    }
    QueueState end = FileQueueStore.open(dir, Duration.ofSeconds(10)).read().queue();
    assertEquals(PROCESSES * INCREMENTS, end.deliveredTo(CounterMain.TOTAL));
    for (int p = 0; p < PROCESSES; p++) {
      assertEquals(INCREMENTS, end.deliveredTo("writer-" + p), "writer-" + p);
    }
    int broadcasts = PROCESSES * (INCREMENTS / BROADCAST_EVERY);
    assertEquals(broadcasts, end.messages().size());
    assertEquals(broadcasts * AGENTS, end.entries().size());
    assertBroadcastsWhole(end);
    assertEquals(List.of(), store.files().tempFiles());
  }

  private static void assertBroadcastsWhole(QueueState state) {
    Map<String, List<Entry>> byMessage =
        state.entries().stream().collect(Collectors.groupingBy(Entry::messageId));
    assertEquals(state.messages().size(), byMessage.size());
    byMessage.forEach(
        (message, entries) ->
            assertEquals(
                AGENTS,
                entries.stream().map(Entry::recipient).distinct().count(),
                "message " + message + " at " + Instant.now()));
  }
}
