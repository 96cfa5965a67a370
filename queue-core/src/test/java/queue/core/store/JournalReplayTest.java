package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.ExportDocument;
import queue.core.api.LeaseRef;
import queue.core.api.OpenOptions;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.error.QueueException;
import queue.core.files.DefaultFileOps;
import queue.core.model.AgentChange;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.snapshot.MemoryStore;
import queue.core.testing.MutableClock;

/**
 * Whatever a transaction changes, its journal record says it. A seeded run of every kind of change
 * (sends of every sort, replies, claims, renewals, results of every outcome (a failure queues a
 * notice to a registered sender), hand-backs, retries, purges, retention, agents added, paused and
 * removed, checkpoints at random) drives a file store that checkpoints every few records and an
 * in-memory store the same way. After each step four views hold the same queue: the writer's own, a
 * reader that has followed it record by record, a fresh reader of queue.json and the journal, and
 * the in-memory store.
 */
class JournalReplayTest {
  private static final CheckpointPolicy OFTEN = new CheckpointPolicy(4096, 7, 12);
  private static final int STEPS = 400;
  private static final List<String> AGENTS = List.of("alice", "bob", "carol", "dave");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  // The messages sent so far (both stores give out the same ids): replies answer one of them.
  private final List<String> sent = new ArrayList<>();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void everyViewOfTheStateAgreesAfterEveryStep(long seed) {
    Random random = new Random(seed);
    try (QueueStore file = StoreFiles.open(dir, clock, new DefaultFileOps(), OFTEN);
        QueueStore follower = StoreFiles.open(dir, clock);
        QueueStore memory = MemoryStore.open(OpenOptions.defaults(clock))) {
      for (QueueStore store : List.of(file, memory)) {
        StoreFiles.register(store, clock, AGENTS.toArray(String[]::new));
      }
      List<LeaseRef> held = new ArrayList<>();
      Set<String> kinds = new java.util.HashSet<>();
      for (int step = 1; step <= STEPS; step++) {
        Consumer<QueueStore> change = randomChange(random, held);
        String fileOutcome = outcome(change, file);
        String memoryOutcome = outcome(change, memory);
        assertEquals(memoryOutcome, fileOutcome, "step " + step);
        if (random.nextInt(10) == 0) {
          file.upkeep().checkpoint();
        }
        for (Message message : assertSameViews(step, file, follower, memory).messages()) {
          kinds.add(
              message.notice() != null ? "notice" : message.inReplyTo() != null ? "reply" : "");
        }
      }
      assertEquals(Set.of("", "reply", "notice"), kinds, "kinds of message the records carried");
    }
  }

  // A change that the journal cannot say as a record is saved whole, and read back the same.
  @Test
  void importIsSavedAsACheckpointAndReadBackWhole() {
    ExportDocument exported;
    try (QueueStore memory = MemoryStore.open(OpenOptions.defaults(clock))) {
      StoreFiles.register(memory, clock, AGENTS.toArray(String[]::new));
      for (int i = 0; i < 40; i++) {
        memory.sends().send(SendRequest.broadcast("me", "m" + i));
      }
      exported = memory.transfer().exportAll();
    }
    try (QueueStore file = StoreFiles.open(dir, clock, new DefaultFileOps(), OFTEN)) {
      file.transfer().importAll(exported);

      assertEquals(1, StoreFiles.journalLines(dir).size(), "queue.json holds it all");
      ExportDocument fresh = StoreFiles.open(dir, clock).transfer().exportAll();
      assertEquals(exported.entries().size(), fresh.entries().size());
      assertEquals(exported.messages(), fresh.messages());
    }
  }

  // A new field of the queue's state must be said by the journal's records: StateChange compares
  // every one of these, and a new one fails here until it does. What is derived from them is
  // transient.
  @Test
  void theJournalKnowsEveryFieldOfTheQueueState() {
    Set<String> fields =
        Arrays.stream(QueueState.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .filter(f -> !Modifier.isTransient(f.getModifiers()))
            .map(f -> f.getName())
            .collect(Collectors.toSet());

    assertEquals(
        Set.of("nextSeq", "lastKey", "delivered", "lastDeliveredAt", "messages", "entries"),
        fields);
  }

  private ExportDocument assertSameViews(
      int step, QueueStore file, QueueStore follower, QueueStore memory) {
    ExportDocument written = file.transfer().exportAll();
    ExportDocument followed = follower.transfer().exportAll();
    ExportDocument fresh;
    try (QueueStore reader = StoreFiles.open(dir, clock)) {
      fresh = reader.transfer().exportAll();
    }
    ExportDocument model = memory.transfer().exportAll();
    assertEquals(written, followed, "step " + step + ": the follower");
    assertEquals(written, fresh, "step " + step + ": a fresh reader");
    assertEquals(model.lastKey(), written.lastKey(), "step " + step);
    assertEquals(model.messages(), written.messages(), "step " + step);
    assertEquals(model.entries(), written.entries(), "step " + step);
    assertEquals(model.delivered(), written.delivered(), "step " + step);
    assertEquals(model.lastDeliveredAt(), written.lastDeliveredAt(), "step " + step);
    assertEquals(
        model.agents().stream().map(a -> a.name() + a.paused()).toList(),
        written.agents().stream().map(a -> a.name() + a.paused()).toList(),
        "step " + step);
    return written;
  }

  private static String outcome(Consumer<QueueStore> change, QueueStore store) {
    try {
      change.accept(store);
      return "done";
    } catch (QueueException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /**
   * A change made the same way on each store. The stores give out the same ids and tokens for the
   * same changes, so the leases a claim took on the first serve for both.
   */
  private Consumer<QueueStore> randomChange(Random random, List<LeaseRef> held) {
    String agent = AGENTS.get(random.nextInt(AGENTS.size()));
    int kind = random.nextInt(100);
    if (kind < 30) {
      return send(random, agent);
    }
    if (kind < 45) {
      int per = 1 + random.nextInt(3);
      List<LeaseRef> claimed = new ArrayList<>();
      held.clear();
      return s -> {
        List<LeaseRef> taken =
            s
                .leases()
                .claim(ClaimRequest.processor("p", "h", Duration.ofSeconds(30), 4, per))
                .stream()
                .flatMap(List::stream)
                .map(Claim::lease)
                .toList();
        if (claimed.isEmpty()) {
          claimed.addAll(taken);
          held.addAll(taken);
        }
      };
    }
    List<LeaseRef> leases = List.copyOf(held);
    if (kind < 65) {
      List<Completion> completions = completions(leases, random.nextInt(4));
      return s -> s.leases().settle(completions);
    }
    if (kind < 68) {
      return s -> s.leases().handBack(leases);
    }
    if (kind < 71) {
      return s -> s.leases().renew(leases, Duration.ofSeconds(45));
    }
    if (kind < 80) {
      clock.advance(Duration.ofSeconds(random.nextInt(40)));
      return s -> {};
    }
    if (kind < 84) {
      return s -> s.upkeep().retryAll();
    }
    if (kind < 87) {
      return s -> s.upkeep().retire(Duration.ofSeconds(20));
    }
    if (kind < 89) {
      return s -> s.upkeep().purge(Set.of(EntryState.FAILED), null);
    }
    if (kind < 93) {
      boolean pause = random.nextBoolean();
      return s -> s.agents().change(agent, pause ? AgentChange.pause() : AgentChange.resume());
    }
    if (kind < 96) {
      return s -> s.agents().remove(agent, true);
    }
    return s -> {
      if (s.agents().find(agent).isEmpty()) {
        s.agents().add(StoreFiles.REQUESTS.inbox(agent, null, clock.instant()));
      }
    };
  }

  // From an outsider or a registered agent (whose failed entries queue notices to it), a reply to
  // a message sent before now and then: threads and notices are in the records too.
  private Consumer<QueueStore> send(Random random, String agent) {
    String sender = random.nextBoolean() ? "me" : AGENTS.get(random.nextInt(AGENTS.size()));
    SendRequest send =
        random.nextBoolean()
            ? SendRequest.broadcast(sender, "b" + random.nextInt(1000)).withIncludeSelf(true)
            : SendRequest.to(List.of(agent), sender, "to " + agent + random.nextInt(1000));
    if (!sent.isEmpty() && random.nextInt(4) == 0) {
      String answered = sent.get(random.nextInt(sent.size()));
      send = send.withReplyTo(new ReplyTo(answered, ReplyTo.Audience.NAMED));
    }
    if (random.nextInt(5) == 0) {
      send = send.withTtl(Duration.ofSeconds(1 + random.nextInt(30)));
    }
    if (random.nextInt(5) == 0) {
      send = send.withNotBefore(clock.instant().plusSeconds(1 + random.nextInt(20)));
    }
    if (random.nextInt(5) == 0) {
      send = send.withIdempotencyKey("key-" + random.nextInt(6));
    }
    SendRequest request = send;
    return s -> {
      String id = s.sends().send(request).messageId();
      if (!sent.contains(id)) {
        sent.add(id);
      }
    };
  }

  private List<Completion> completions(List<LeaseRef> leases, int outcome) {
    List<Completion> completions = new ArrayList<>();
    for (LeaseRef lease : leases) {
      Outcome result =
          switch (outcome) {
            case 0, 1 -> new Outcome.Delivered();
            case 2 -> new Outcome.RetryLater("busy", clock.instant().plusSeconds(5));
            default -> new Outcome.Failed("gone");
          };
      completions.add(new Completion(lease, result));
    }
    return completions;
  }
}
