package queue.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.EntryView;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.model.Entry;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;

/** A fresh database and store for each test, a mutable clock, and short names for the tests. */
abstract class StoreFixture {
  static final Duration LEASE = Duration.ofSeconds(60);
  static final String HOST = "host-a";

  @TempDir Path directory;
  final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  String url;
  QueueStore store;
  TestAgents requests;

  @BeforeEach
  void openStore() {
    url = EmbeddedServer.newDatabase();
    store = open();
    requests = new TestAgents(HOST);
  }

  /** Another store on the same database: another process, or another host. */
  QueueStore open() {
    return TestStores.open(url, clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
    EmbeddedServer.dropDatabase(url);
  }

  void register(String... names) {
    for (String name : names) {
      store.agents().add(requests.inbox(name, null, clock.instant()));
    }
  }

  String send(String recipients, String body) {
    return store
        .sends()
        .send(SendRequest.to(List.of(recipients.split(",")), "me", body))
        .messageId();
  }

  /** At most one entry per recipient for {@code owner}: the heads, in queue order. */
  List<Claim> claimHeads(String owner) {
    return claim(ClaimRequest.processor(owner, HOST, LEASE, 100, 1));
  }

  List<Claim> claim(ClaimRequest request) {
    return store.leases().claim(request).stream().flatMap(List::stream).toList();
  }

  int settle(Claim claim, Outcome outcome) {
    return store.leases().settle(List.of(new Completion(claim.lease(), outcome)));
  }

  int deliver(Claim claim) {
    return settle(claim, new Outcome.Delivered());
  }

  List<Entry> entries() {
    return store.reports().list(null, null, 0).stream().map(EntryView::entry).toList();
  }

  Entry entry(String id) {
    return entries().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  Entry entryOf(String messageId, String recipient) {
    return entries().stream()
        .filter(e -> e.messageId().equals(messageId) && e.recipient().equals(recipient))
        .findFirst()
        .orElseThrow();
  }

  Instant now() {
    return clock.instant();
  }
}
