package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.EntryView;
import queue.core.api.ExportDocument;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.StatusReport;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;

/**
 * One store under test, its clock, and short names for what the contract does with it. Everything
 * goes through {@link QueueStore}, so the contract holds for any store.
 */
final class QueueFixture {
  static final Duration LEASE = Duration.ofSeconds(60);
  static final String HOST = "contract-host";
  static final String SENDER = "me";

  final QueueStore store;
  final MutableClock clock;
  final TestAgents requests = new TestAgents(HOST);
  private final Supplier<QueueStore> another;

  QueueFixture(QueueStore store, MutableClock clock, Supplier<QueueStore> another) {
    this.store = store;
    this.clock = clock;
    this.another = another;
  }

  /** Another new, empty store of the same kind on the same clock; the caller closes it. */
  QueueStore anotherStore() {
    return another.get();
  }

  // Agents

  void register(String... names) {
    for (String name : names) {
      store.agents().add(requests.inbox(name, null, clock.instant()));
    }
  }

  Agent registerPull(String name) {
    return store.agents().add(requests.pull(name, clock.instant()));
  }

  Agent agent(String name) {
    return store.agents().find(name).orElseThrow(() -> new AssertionError("no agent " + name));
  }

  List<String> agentNames() {
    return store.agents().list().stream().map(Agent::name).toList();
  }

  // Sends

  /** Sends {@code body} to the recipients named in {@code recipients} ("alice,bob"). */
  String sendTo(String recipients, String body) {
    return send(SendRequest.to(Arrays.asList(recipients.split(",")), SENDER, body)).messageId();
  }

  String broadcast(String body) {
    return send(SendRequest.broadcast(SENDER, body)).messageId();
  }

  SendResult send(SendRequest request) {
    return store.sends().send(request);
  }

  // Leases

  /** At most one entry per recipient, for a processor: each recipient's head, in queue order. */
  List<Claim> claimHeads(String owner) {
    return claim(owner, 100, 1).stream().flatMap(List::stream).toList();
  }

  List<List<Claim>> claim(String owner, int maxRecipients, int perRecipient) {
    return store
        .leases()
        .claim(ClaimRequest.processor(owner, HOST, LEASE, maxRecipients, perRecipient));
  }

  /** The one head a processor can claim now, which the test expects to exist. */
  Claim claimOne(String owner) {
    List<Claim> claims = claimHeads(owner);
    assertEquals(1, claims.size(), "claimed " + claims);
    return claims.get(0);
  }

  List<Claim> receive(String owner, String agent, int limit) {
    return store.leases().claim(ClaimRequest.receiver(owner, agent, LEASE, limit)).stream()
        .flatMap(List::stream)
        .toList();
  }

  int settle(Claim claim, Outcome outcome) {
    return store.leases().settle(List.of(new Completion(claim.lease(), outcome)));
  }

  int deliver(Claim claim) {
    return settle(claim, new Outcome.Delivered());
  }

  /** Claims the one head due now (the test sees to it there is one) and settles it as failed. */
  Entry failHead(String owner, String error) {
    Claim claim = claimOne(owner);
    settle(claim, new Outcome.Failed(error));
    return entry(claim.entry().id());
  }

  // Reading back

  List<Entry> entries() {
    return store.reports().list(null, null, 0).stream().map(EntryView::entry).toList();
  }

  List<Entry> entriesOf(String recipient) {
    return store.reports().list(null, recipient, 0).stream().map(EntryView::entry).toList();
  }

  Entry entry(String id) {
    return entries().stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + id + " in " + entries()));
  }

  List<String> bodies() {
    return store.reports().list(null, null, 0).stream().map(EntryView::body).toList();
  }

  StatusReport.AgentStatus statusOf(String name) {
    return store.reports().status().agents().stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no status row for " + name));
  }

  static void assertNoLease(Entry entry) {
    assertEquals(null, entry.leaseOwner());
    assertEquals(0, entry.leaseToken());
    assertEquals(null, entry.leaseExpiresAt());
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * The whole state as an export shows it, without the moment of the export and the last id key (a
   * database sequence may move on in a transaction that is rolled back; ids only have to keep
   * increasing).
   */
  State state() {
    return State.of(store.transfer().exportAll());
  }

  /** Runs {@code refused}, expects bad input (exit 2), and checks that nothing changed. */
  InvalidInputException assertRefused(Executable refused) {
    State before = state();
    InvalidInputException error = assertThrows(InvalidInputException.class, refused);
    assertEquals(2, error.exitCode(), error.getMessage());
    assertEquals(before, state(), "a refused operation changed the state");
    return error;
  }

  /** What a store holds, comparable across stores: entries without their store-local sequence. */
  record State(
      List<Agent> agents,
      List<Message> messages,
      List<Entry> entries,
      Map<String, Long> delivered,
      Map<String, Instant> lastDeliveredAt) {

    static State of(ExportDocument document) {
      return new State(
          document.agents(),
          document.messages(),
          document.entries().stream().map(State::withoutSeq).toList(),
          document.delivered(),
          document.lastDeliveredAt());
    }

    static Entry withoutSeq(Entry e) {
      return e.renumbered(0);
    }
  }

  /** {@code e} with another id and message id. */
  static Entry withIds(Entry e, String id, String messageId) {
    return new Entry(
        id,
        messageId,
        e.recipient(),
        e.sender(),
        e.seq(),
        e.createdAt(),
        e.state(),
        e.attempts(),
        e.nextAttemptAt(),
        e.lastError(),
        e.deliveredAt(),
        e.expiresAt(),
        e.leaseOwner(),
        e.leaseToken(),
        e.leaseExpiresAt());
  }
}
