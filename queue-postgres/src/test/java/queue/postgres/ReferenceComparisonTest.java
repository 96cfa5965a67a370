package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.EntryView;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.StatusReport;
import queue.core.error.QueueException;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.snapshot.MemoryStore;

/**
 * The same random operations on the in-memory store (the reference: the snapshot semantics the file
 * store has) and on PostgreSQL, compared after every step: what each operation answers, every
 * entry, the status. Ids and fencing tokens are named by the order they first appear in, since the
 * snapshot store takes its tokens from the id clock and PostgreSQL from a sequence of its own.
 */
class ReferenceComparisonTest extends StoreFixture {
  private static final List<String> AGENTS = List.of("a0", "a1", "a2", "a3");
  private static final int STEPS = 250;

  private QueueStore reference;
  private final Side referenceSide = new Side();
  private final Side postgresSide = new Side();
  private Random random;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void bothStoresAnswerAlikeStepByStep(long seed) {
    random = new Random(seed);
    reference = MemoryStore.open(TestStores.options(clock));
    for (String name : AGENTS) {
      both(s -> s.agents().add(requests.inbox(name, directory.resolve(name).toString(), now())));
    }
    store.agents().add(requests.pull("puller", now()));
    reference.agents().add(requests.pull("puller", now()));
    for (int step = 0; step < STEPS; step++) {
      String what = step(random.nextInt(12));
      assertEquals(
          referenceSide.view(reference), postgresSide.view(store), "step " + step + ": " + what);
    }
    reference.close();
  }

  private String step(int choice) {
    switch (choice) {
      case 0, 1, 2 -> {
        SendRequest request = sendRequest();
        compare(s -> s.sends().send(request).recipients());
        referenceSide.nameNewIds(reference);
        postgresSide.nameNewIds(store);
        return "send " + request;
      }
      case 3, 4 -> {
        ClaimRequest request =
            random.nextInt(5) == 0
                ? ClaimRequest.receiver("receiver", "puller", LEASE, 1 + random.nextInt(3))
                : ClaimRequest.processor(
                    "p" + random.nextInt(2),
                    HOST,
                    LEASE,
                    1 + random.nextInt(3),
                    1 + random.nextInt(3));
        referenceSide.claim(reference, request);
        postgresSide.claim(store, request);
        return "claim " + request;
      }
      case 5, 6 -> {
        int pick = random.nextInt(1000);
        Outcome outcome = outcome();
        assertEquals(
            referenceSide.settle(reference, pick, outcome),
            postgresSide.settle(store, pick, outcome));
        return "settle " + outcome;
      }
      case 7 -> {
        // Whole quarter minutes, so times meet leases, retries and TTLs exactly too.
        clock.advance(Duration.ofSeconds(15L * random.nextInt(4)));
        return "advance";
      }
      case 8 -> {
        int pick = random.nextInt(1000);
        boolean handBack = random.nextBoolean();
        assertEquals(
            referenceSide.renewOrHandBack(reference, pick, handBack),
            postgresSide.renewOrHandBack(store, pick, handBack));
        return handBack ? "hand back" : "renew";
      }
      case 9 -> {
        String agent = AGENTS.get(random.nextInt(AGENTS.size()));
        AgentChange change = random.nextBoolean() ? AgentChange.pause() : AgentChange.resume();
        compare(s -> s.agents().change(agent, change).paused());
        return "pause/resume " + agent;
      }
      case 10 -> {
        int which = random.nextInt(3);
        compare(
            s ->
                which == 0
                    ? s.upkeep().retryAll()
                    : which == 1
                        ? s.upkeep().retire(Duration.ofSeconds(30))
                        : s.upkeep().purge(Set.of(EntryState.FAILED), Duration.ofSeconds(60)));
        return "upkeep " + which;
      }
      default -> {
        compare(s -> s.leases().nextDue("p0"));
        return "nextDue";
      }
    }
  }

  private SendRequest sendRequest() {
    List<String> to = new ArrayList<>();
    for (String agent : AGENTS) {
      if (random.nextInt(3) == 0) {
        to.add(agent);
      }
    }
    if (random.nextInt(6) == 0) {
      to.add("puller");
    }
    SendRequest request =
        to.isEmpty()
            ? SendRequest.broadcast("me", "b" + random.nextInt())
            : SendRequest.to(to, "me", "m" + random.nextInt());
    if (random.nextInt(4) == 0) {
      request = request.withNotBefore(now().plusSeconds(15L * random.nextInt(4)));
    }
    if (random.nextInt(4) == 0) {
      request = request.withTtl(Duration.ofSeconds(15L * (1 + random.nextInt(6))));
    }
    return request;
  }

  private Outcome outcome() {
    return switch (random.nextInt(4)) {
      case 0 -> new Outcome.RetryLater("busy", now().plusSeconds(15L * random.nextInt(3)));
      case 1 -> new Outcome.Failed("refused");
      case 2 -> new Outcome.Expired();
      default -> new Outcome.Delivered();
    };
  }

  private void both(Function<QueueStore, Object> operation) {
    operation.apply(reference);
    operation.apply(store);
  }

  private void compare(Function<QueueStore, Object> operation) {
    assertEquals(answer(reference, operation), answer(store, operation));
  }

  private static Object answer(QueueStore on, Function<QueueStore, Object> operation) {
    try {
      return operation.apply(on);
    } catch (QueueException e) {
      return e.exitCode() + " " + e.getMessage();
    }
  }

  /** One store's names for its ids and tokens, and the claims it has handed out. */
  private static final class Side {
    final Map<String, String> names = new HashMap<>();
    final Map<Long, String> tokens = new HashMap<>();
    final List<Claim> held = new ArrayList<>();

    void nameNewIds(QueueStore store) {
      for (EntryView view : store.reports().list(null, null, 0)) {
        name(view.entry().messageId());
        name(view.entry().id());
      }
    }

    private String name(String id) {
      return names.computeIfAbsent(id, i -> "#" + names.size());
    }

    void claim(QueueStore store, ClaimRequest request) {
      for (List<Claim> batch : store.leases().claim(request)) {
        held.addAll(batch);
      }
    }

    int settle(QueueStore store, int pick, Outcome outcome) {
      if (held.isEmpty()) {
        return -1;
      }
      Claim claim = held.get(pick % held.size());
      return store.leases().settle(List.of(new Completion(claim.lease(), outcome)));
    }

    Object renewOrHandBack(QueueStore store, int pick, boolean handBack) {
      if (held.isEmpty()) {
        return -1;
      }
      Claim claim = held.get(pick % held.size());
      return handBack
          ? store.leases().handBack(List.of(claim.lease()))
          : store.leases().renew(List.of(claim.lease()), LEASE).stream().map(this::name).toList();
    }

    String view(QueueStore store) {
      StringBuilder view = new StringBuilder();
      for (EntryView entryView : store.reports().list(null, null, 0)) {
        Entry e = entryView.entry();
        view.append(name(e.id()))
            .append(' ')
            .append(name(e.messageId()))
            .append(' ')
            .append(e.recipient())
            .append(' ')
            .append(e.state())
            .append(" attempts=")
            .append(e.attempts())
            .append(" next=")
            .append(e.nextAttemptAt())
            .append(" error=")
            .append(e.lastError())
            .append(" delivered=")
            .append(e.deliveredAt())
            .append(" expires=")
            .append(e.expiresAt())
            .append(" lease=")
            .append(e.leaseOwner())
            .append('/')
            .append(
                e.leaseToken() == 0
                    ? "-"
                    : tokens.computeIfAbsent(e.leaseToken(), t -> "t" + tokens.size()))
            .append('/')
            .append(e.leaseExpiresAt())
            .append(' ')
            .append(entryView.body())
            .append('\n');
      }
      StatusReport status = store.reports().status();
      view.append(status);
      return view.toString();
    }
  }
}
