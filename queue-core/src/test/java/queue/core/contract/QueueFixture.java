package queue.core.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import queue.core.admin.HistoryLog;
import queue.core.admin.Maintenance;
import queue.core.agents.AgentRegistry;
import queue.core.lease.Claim;
import queue.core.lease.Claimer;
import queue.core.lease.Completer;
import queue.core.lease.Completion;
import queue.core.lease.Outcome;
import queue.core.model.Entry;
import queue.core.send.SendRequest;
import queue.core.send.Sender;
import queue.core.status.Processors;
import queue.core.status.Queries;
import queue.core.store.QueueStore;
import queue.core.testing.MutableClock;

/** The queue API on one store and one mutable clock, with short names for the tests. */
final class QueueFixture {
  static final int MAX_BODY_BYTES = 1024;
  static final Duration LEASE = Duration.ofSeconds(60);

  final CountingStore store;
  final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  final AgentRegistry agents;
  final Sender sender;
  final Claimer claimer;
  final Completer completer;
  final Maintenance maintenance;
  final Queries queries;

  QueueFixture(QueueStore store, Path dataDirectory) {
    this.store = new CountingStore(store);
    this.agents = new AgentRegistry(this.store, clock);
    this.sender = new Sender(this.store, clock, MAX_BODY_BYTES);
    this.claimer = new Claimer(this.store, clock);
    this.completer = new Completer(this.store, clock);
    this.maintenance = new Maintenance(this.store, clock, new HistoryLog(dataDirectory));
    this.queries = new Queries(this.store, new Processors(dataDirectory));
  }

  String sendTo(String recipients, String body) {
    return sender.send(SendRequest.to(List.of(recipients.split(",")), "me", body)).messageId();
  }

  /** Claims at most one entry per recipient for {@code owner}; the heads in queue order. */
  List<Claim> claimHeads(String owner) {
    return claimer.claim(owner, LEASE, 100, 1).stream().flatMap(List::stream).toList();
  }

  int complete(Claim claim, Outcome outcome) {
    return completer.complete(
        List.of(new Completion(claim.entry().id(), claim.leaseOwner(), outcome)));
  }

  int deliver(Claim claim) {
    return complete(claim, new Outcome.Delivered());
  }

  Entry entry(String id) {
    return store.read().queue().entry(id).orElseThrow();
  }

  List<Entry> entries() {
    return store.read().queue().entries();
  }
}
