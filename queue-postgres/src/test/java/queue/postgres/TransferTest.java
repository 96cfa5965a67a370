package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.ExportDocument;
import queue.core.api.OpenOptions;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.api.Stores;
import queue.core.api.ThreadView;
import queue.core.error.InvalidInputException;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notice;

class TransferTest extends StoreFixture {

  @Test
  void anExportImportedIntoAnEmptyStoreExportsTheSame() {
    fillWithEveryKindOfEntry();
    ExportDocument exported = store.transfer().exportAll();

    try (QueueStore other = TestStores.open(EmbeddedServer.newDatabase(), clock)) {
      other.transfer().importAll(exported);
      ExportDocument again = other.transfer().exportAll();

      assertEquals(exported.agents(), again.agents());
      assertEquals(exported.messages(), again.messages());
      // Imported entries are numbered 1.. in queue order, as the file store numbers them.
      assertEquals(withoutSeq(exported.entries()), withoutSeq(again.entries()));
      assertEquals(exported.delivered(), again.delivered());
      assertEquals(exported.lastDeliveredAt(), again.lastDeliveredAt());
      assertEquals(exported.lastKey(), again.lastKey());
      assertEquals(other.reports().status(), store.reports().status());
    }
  }

  @Test
  void aFileStoreQueueMovesToPostgresWithNothingLost() {
    QueueStore file =
        Stores.open(directory.resolve("file").toString(), OpenOptions.defaults(clock));
    file.agents().add(requests.inbox("alice", null, now()));
    file.sends().send(SendRequest.to(List.of("alice"), "me", "one"));
    String last = file.sends().send(SendRequest.to(List.of("alice"), "me", "two")).messageId();
    Claim held = file.leases().claim(ClaimRequest.processor("p", HOST, LEASE, 1, 1)).get(0).get(0);
    ExportDocument document = file.transfer().exportAll();
    file.close();
    QueueStore empty = TestStores.open(EmbeddedServer.newDatabase(), clock);

    empty.transfer().importAll(document);

    List<Entry> entries = empty.reports().list(null, null, 0).stream().map(v -> v.entry()).toList();
    assertEquals(EntryState.PENDING, entries.get(0).state());
    assertEquals(held.entry().id(), entries.get(0).id());
    assertEquals(now(), entries.get(0).nextAttemptAt());
    String next = empty.sends().send(SendRequest.to(List.of("alice"), "me", "three")).messageId();
    assertTrue(next.compareTo(last) > 0);
    assertEquals(
        List.of("one", "two", "three"),
        empty.reports().list(null, null, 0).stream().map(v -> v.body()).toList());
    empty.close();
  }

  // The conversation layer moves too: each thread whole with its recipients' states, the groups
  // that a send to @GROUP resolves, and the notice of a failed entry.
  @Test
  void aFileStoreQueueMovesToPostgresWithItsThreadsGroupsAndNotices() {
    ExportDocument document;
    ThreadView thread;
    String question;
    try (QueueStore file =
        Stores.open(directory.resolve("file").toString(), OpenOptions.defaults(clock))) {
      file.agents().add(requests.pull("alice", now()));
      file.agents().add(requests.pull("bob", now()).withGroups(List.of("reviewers")));
      file.agents().add(requests.pull("carol", now()).withGroups(List.of("reviewers")));
      question =
          file.sends().send(SendRequest.to(List.of("@reviewers"), "alice", "ready?")).messageId();
      file.sends()
          .send(SendRequest.reply(new ReplyTo(question, ReplyTo.Audience.SENDER), "bob", "yes"));
      Claim carols =
          file.leases().claim(ClaimRequest.receiver("r", "carol", LEASE, 1)).get(0).get(0);
      file.leases().settle(List.of(new Completion(carols.lease(), new Outcome.Failed("gone"))));
      thread = file.conversations().thread(question).orElseThrow();
      document = file.transfer().exportAll();
    }

    store.transfer().importAll(document);

    assertEquals(thread, store.conversations().thread(question).orElseThrow());
    assertEquals(3, thread.messages().size(), "the question, bob's answer and carol's notice");
    Message notice = store.transfer().exportAll().messages().get(2);
    assertEquals("queue", notice.sender());
    assertEquals(question, notice.threadId());
    assertEquals(new Notice("carol", EntryState.FAILED, "gone"), notice.notice());
    assertEquals(
        List.of("bob", "carol"),
        store.sends().send(SendRequest.to(List.of("@reviewers"), "alice", "again")).recipients());
  }

  @Test
  void importIntoAStoreThatIsNotEmptyIsRefused() {
    register("alice");
    ExportDocument document = store.transfer().exportAll();

    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> store.transfer().importAll(document));

    assertEquals(
        "cannot import into "
            + store.location()
            + ": it is not empty (1 agents, 0 entries); import into a new store",
        error.getMessage());
  }

  private static List<Entry> withoutSeq(List<Entry> entries) {
    return entries.stream().map(e -> e.renumbered(0)).toList();
  }

  private void fillWithEveryKindOfEntry() {
    register("alice", "bob");
    store.agents().add(requests.pull("puller", now()));
    send("alice,bob", "first");
    store
        .sends()
        .send(
            SendRequest.to(List.of("alice", "puller"), "me", "keyed")
                .withIdempotencyKey("k")
                .withTtl(Duration.ofHours(1)));
    List<Claim> claims = claimHeads("p1");
    deliver(claims.get(0));
    settle(claims.get(1), new Outcome.Failed("no"));
    store
        .sends()
        .send(SendRequest.to(List.of("bob"), "me", "later").withNotBefore(now().plusSeconds(60)));
    clock.advance(Duration.ofSeconds(1));
  }
}
