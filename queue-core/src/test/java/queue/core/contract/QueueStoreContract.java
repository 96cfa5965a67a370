package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.agents.AgentRegistry;
import queue.core.error.InvalidInputException;
import queue.core.lease.Claim;
import queue.core.lease.Outcome;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Snapshot;
import queue.core.send.SendRequest;
import queue.core.send.SendResult;
import queue.core.status.StatusReport;
import queue.core.store.QueueStore;
import queue.core.store.QueueStore.Result;

/**
 * The behaviour every {@link QueueStore} owes its callers, run against each implementation through
 * the queue API the processor and the command line use.
 */
abstract class QueueStoreContract {
  @TempDir Path dataDirectory;
  QueueFixture q;

  /** A new, empty store; file stores keep their files in {@code dataDirectory}. */
  abstract QueueStore newStore(Path dataDirectory);

  @BeforeEach
  void openQueue() {
    q = new QueueFixture(newStore(dataDirectory), dataDirectory);
  }

  void register(String... names) {
    for (String name : names) {
      q.agents.addInbox(name, null);
    }
  }

  /** Runs {@code refused}, expects exit 2, and checks that the state did not change. */
  void assertRefusedAndNothingWritten(Executable refused) {
    Snapshot before = q.store.read();
    InvalidInputException error = assertThrows(InvalidInputException.class, refused);
    assertEquals(2, error.exitCode());
    assertEquals(before, q.store.read());
  }

  @Nested
  class Updates {
    @Test
    void newStoreIsEmpty() {
      assertEquals(Snapshot.EMPTY, q.store.read());
    }

    @Test
    void updateIsSeenByTheNextRead() {
      register("alice");

      String id = q.sendTo("alice", "hello");

      assertEquals("hello", q.store.read().queue().messagesById().get(id).body());
    }

    @Test
    void updateAnswersWhatTheTransactionReturns() {
      assertEquals("answer", q.store.update(current -> Result.unchanged(current, "answer")));
    }

    @Test
    void transactionThatThrowsWritesNothing() {
      register("alice");
      Snapshot before = q.store.read();

      assertThrows(
          IllegalStateException.class,
          () ->
              q.store.update(
                  current -> {
                    current.withAgents(List.of());
                    throw new IllegalStateException("changed my mind");
                  }));

      assertEquals(before, q.store.read());
    }

    @Test
    void readIsASnapshotThatLaterUpdatesDoNotChange() {
      register("alice");
      Snapshot before = q.store.read();

      q.sendTo("alice", "later");

      assertEquals(List.of(), before.queue().entries());
    }
  }

  @Nested
  class Sending {
    @BeforeEach
    void agents() {
      register("alice", "bob", "carol");
    }

    @Test
    void sendToNamedRecipientsQueuesOneEntryEachInOneUpdate() {
      int before = q.store.updates();

      SendResult sent = q.sender.send(SendRequest.to(List.of("alice", "carol"), "me", "hi"));

      assertEquals(before + 1, q.store.updates());
      assertEquals(List.of("alice", "carol"), sent.recipients());
      assertEquals(List.of("alice", "carol"), q.entries().stream().map(Entry::recipient).toList());
      assertTrue(q.entries().stream().allMatch(e -> e.state() == EntryState.PENDING));
    }

    @Test
    void broadcastQueuesOneMessageWithAnEntryPerAgentInOneUpdate() {
      int before = q.store.updates();

      SendResult sent = q.sender.send(SendRequest.broadcast("me", "to all"));

      assertEquals(before + 1, q.store.updates());
      assertEquals(List.of("alice", "bob", "carol"), sent.recipients());
      assertEquals(1, q.store.read().queue().messages().size());
      assertEquals(3, q.entries().size());
      assertTrue(q.entries().stream().allMatch(e -> e.messageId().equals(sent.messageId())));
    }

    @Test
    void repeatedRecipientGetsOneEntry() {
      q.sender.send(SendRequest.to(List.of("alice", "alice"), "me", "once"));

      assertEquals(1, q.entries().size());
    }

    @Test
    void unknownRecipientRefusesTheWholeSend() {
      assertRefusedAndNothingWritten(
          () -> q.sender.send(SendRequest.to(List.of("alice", "nobody"), "me", "hi")));
    }

    @Test
    void repeatedIdempotencyKeyAnswersWithTheFirstMessageAndQueuesNothing() {
      SendRequest request = SendRequest.broadcast("me", "deploy").withIdempotencyKey("k-1");
      SendResult first = q.sender.send(request);
      Snapshot afterFirst = q.store.read();

      SendResult again = q.sender.send(request);

      assertFalse(first.duplicate());
      assertTrue(again.duplicate());
      assertEquals(first.messageId(), again.messageId());
      assertEquals(first.recipients(), again.recipients());
      assertEquals(afterFirst, q.store.read());
    }

    @Test
    void emptyBodyIsRefused() {
      assertRefusedAndNothingWritten(
          () -> q.sender.send(SendRequest.to(List.of("alice"), "me", "")));
    }

    @Test
    void bodyOverTheLimitIsRefused() {
      String overByOneByte = "é".repeat(QueueFixture.MAX_BODY_BYTES / 2) + "x";

      assertRefusedAndNothingWritten(
          () -> q.sender.send(SendRequest.to(List.of("alice"), "me", overByOneByte)));
    }

    @Test
    void bodyOfExactlyTheLimitIsQueued() {
      q.sendTo("alice", "é".repeat(QueueFixture.MAX_BODY_BYTES / 2));

      assertEquals(1, q.entries().size());
    }

    @Test
    void toTogetherWithBroadcastIsRefused() {
      assertRefusedAndNothingWritten(
          () -> q.sender.send(new SendRequest(List.of("alice"), true, "me", "hi", null)));
    }

    @Test
    void sendWithoutRecipientIsRefused() {
      assertRefusedAndNothingWritten(
          () -> q.sender.send(new SendRequest(List.of(), false, "me", "hi", null)));
    }

    @Test
    void recipientWithAnInvalidNameIsRefused() {
      assertRefusedAndNothingWritten(
          () -> q.sender.send(SendRequest.to(List.of("../alice"), "me", "hi")));
    }
  }

  @Test
  void broadcastWithNoAgentsIsRefused() {
    assertRefusedAndNothingWritten(() -> q.sender.send(SendRequest.broadcast("me", "anyone?")));
  }

  @Nested
  class Leases {
    @BeforeEach
    void agents() {
      register("alice", "bob");
    }

    @Test
    void recipientsEntriesAreClaimedInTheOrderTheyWereQueued() {
      List<String> sent =
          List.of(q.sendTo("alice", "1"), q.sendTo("alice", "2"), q.sendTo("alice", "3"));

      for (String messageId : sent) {
        List<Claim> claims = q.claimHeads("p1");
        assertEquals(1, claims.size());
        assertEquals(messageId, claims.get(0).entry().messageId());
        q.deliver(claims.get(0));
      }
      assertEquals(List.of(), q.claimHeads("p1"));
    }

    @Test
    void batchOfOneRecipientFollowsQueueOrder() {
      q.sendTo("alice", "1");
      q.sendTo("alice", "2");
      q.sendTo("alice", "3");

      List<List<Claim>> batches = q.claimer.claim("p1", QueueFixture.LEASE, 8, 2);

      assertEquals(1, batches.size());
      assertEquals(
          List.of("1", "2"), batches.get(0).stream().map(c -> c.message().body()).toList());
    }

    @Test
    void recipientGetsOneEntryAtATime() {
      q.sendTo("alice", "1");
      q.sendTo("alice", "2");
      q.claimHeads("p1");

      assertEquals(List.of(), q.claimHeads("p2"));
    }

    @Test
    void differentRecipientsAreClaimedTogether() {
      q.sendTo("alice", "for alice");
      q.sendTo("bob", "for bob");

      List<Claim> claims = q.claimHeads("p1");

      assertEquals(
          List.of("alice", "bob"), claims.stream().map(c -> c.entry().recipient()).toList());
      assertTrue(claims.stream().allMatch(c -> c.entry().state() == EntryState.PROCESSING));
      assertEquals(1, claims.get(0).attempt());
    }

    @Test
    void expiredLeaseIsClaimedAgain() {
      q.sendTo("alice", "1");
      Claim first = q.claimHeads("p1").get(0);
      q.clock.advance(QueueFixture.LEASE.minusSeconds(1));
      assertEquals(List.of(), q.claimHeads("p2"));

      q.clock.advance(Duration.ofSeconds(1));
      List<Claim> again = q.claimHeads("p2");

      assertEquals(first.entry().id(), again.get(0).entry().id());
      assertEquals("p2", q.entry(first.entry().id()).leaseOwner());
    }

    @Test
    void completionFromALeaseThatWasTakenOverIsIgnored() {
      q.sendTo("alice", "1");
      Claim lost = q.claimHeads("p1").get(0);
      q.clock.advance(QueueFixture.LEASE.plusSeconds(1));
      Claim winner = q.claimHeads("p2").get(0);

      assertEquals(0, q.deliver(lost));
      assertEquals(EntryState.PROCESSING, q.entry(lost.entry().id()).state());
      assertEquals(1, q.deliver(winner));
      assertEquals(EntryState.DELIVERED, q.entry(lost.entry().id()).state());
      assertEquals(1, q.store.read().queue().deliveredTo("alice"));
    }

    @Test
    void retryLaterBlocksTheRecipientUntilItIsDue() {
      q.sendTo("alice", "1");
      q.sendTo("alice", "2");
      Claim claim = q.claimHeads("p1").get(0);
      Instant due = q.clock.instant().plusSeconds(30);

      q.complete(claim, new Outcome.RetryLater("connection refused", due));

      assertEquals(List.of(), q.claimHeads("p1"));
      q.clock.set(due);
      Claim retried = q.claimHeads("p1").get(0);
      assertEquals(claim.entry().id(), retried.entry().id());
      assertEquals(2, retried.attempt());
      assertEquals("connection refused", retried.entry().lastError());
    }

    @Test
    void failedOutcomeKeepsTheErrorAndUnblocksTheRecipient() {
      q.sendTo("alice", "1");
      q.sendTo("alice", "2");
      Claim claim = q.claimHeads("p1").get(0);

      q.complete(claim, new Outcome.Failed("HTTP 404"));

      Entry failed = q.entry(claim.entry().id());
      assertEquals(EntryState.FAILED, failed.state());
      assertEquals("HTTP 404", failed.lastError());
      assertEquals(1, failed.attempts());
      assertEquals("2", q.claimHeads("p1").get(0).message().body());
    }

    @Test
    void renewExtendsOnlyTheOwnersLeases() {
      q.sendTo("alice", "1");
      q.sendTo("bob", "2");
      q.claimer.claim("p1", QueueFixture.LEASE, 1, 1);
      q.claimer.claim("p2", QueueFixture.LEASE, 1, 1);
      q.clock.advance(Duration.ofSeconds(50));

      assertEquals(1, q.claimer.renew("p1", QueueFixture.LEASE));

      q.clock.advance(Duration.ofSeconds(20));
      List<Claim> reclaimed = q.claimHeads("p3");
      assertEquals(List.of("bob"), reclaimed.stream().map(c -> c.entry().recipient()).toList());
    }

    @Test
    void handBackMakesEntriesDueAtOnceWithTheirAttemptCount() {
      q.sendTo("alice", "1");
      Claim claim = q.claimHeads("p1").get(0);

      assertEquals(0, q.claimer.handBack("other", Set.of(claim.entry().id())));
      assertEquals(1, q.claimer.handBack("p1", Set.of(claim.entry().id())));

      Entry back = q.entry(claim.entry().id());
      assertEquals(EntryState.PENDING, back.state());
      assertEquals(0, back.attempts());
      assertEquals(claim.entry().id(), q.claimHeads("p2").get(0).entry().id());
    }
  }

  @Nested
  class Maintenance {
    @BeforeEach
    void agents() {
      register("alice", "bob");
    }

    private String failOne(String recipient) {
      q.sendTo(recipient, "doomed");
      Claim claim = q.claimHeads("p1").get(0);
      q.complete(claim, new Outcome.Failed("gone"));
      return claim.entry().id();
    }

    @Test
    void retryMovesAFailedEntryBackToPendingWithAFreshBudget() {
      String id = failOne("alice");

      assertEquals(1, q.maintenance.retry(List.of(id)));

      Entry retried = q.entry(id);
      assertEquals(EntryState.PENDING, retried.state());
      assertEquals(0, retried.attempts());
      assertEquals(id, q.claimHeads("p2").get(0).entry().id());
    }

    @Test
    void retryByMessageIdRetriesItsFailedEntries() {
      String failed = failOne("alice");

      assertEquals(1, q.maintenance.retry(List.of(q.entry(failed).messageId())));
      assertEquals(EntryState.PENDING, q.entry(failed).state());
    }

    @Test
    void retryOfAnUnknownIdIsRefused() {
      failOne("alice");

      assertRefusedAndNothingWritten(() -> q.maintenance.retry(List.of("no-such-id")));
    }

    @Test
    void retryOfAnEntryThatIsNotFailedIsRefused() {
      q.sendTo("alice", "fine");
      String pending = q.entries().get(0).id();

      assertRefusedAndNothingWritten(() -> q.maintenance.retry(List.of(pending)));
    }

    @Test
    void retryAllRetriesEveryFailedEntry() {
      failOne("alice");
      failOne("bob");

      assertEquals(2, q.maintenance.retryAll());
      assertTrue(q.entries().stream().allMatch(e -> e.state() == EntryState.PENDING));
    }

    @Test
    void purgeRemovesFinishedEntriesAndKeepsTheDeliveredCounters() {
      failOne("alice");
      q.sendTo("bob", "ok");
      q.deliver(q.claimHeads("p1").get(0));
      q.sendTo("bob", "waiting");

      assertEquals(2, q.maintenance.purge(Set.of(), null));

      assertEquals(List.of("waiting"), bodies());
      assertEquals(1, q.queries.status().totals().delivered());
    }

    @Test
    void purgeHonoursStateAndAge() {
      failOne("alice");
      q.clock.advance(Duration.ofHours(2));
      failOne("bob");

      assertEquals(0, q.maintenance.purge(Set.of(EntryState.DELIVERED), null));
      assertEquals(1, q.maintenance.purge(Set.of(EntryState.FAILED), Duration.ofHours(1)));
      assertEquals(List.of("bob"), q.entries().stream().map(Entry::recipient).toList());
    }

    @Test
    void retireMovesOldDeliveriesToHistoryAndCountersKeepCounting() throws IOException {
      q.sendTo("alice", "old news");
      q.deliver(q.claimHeads("p1").get(0));
      q.clock.advance(Duration.ofMinutes(90));
      q.sendTo("alice", "fresh");
      q.deliver(q.claimHeads("p1").get(0));

      assertEquals(1, q.maintenance.retire(Duration.ofHours(1)));

      assertEquals(List.of("fresh"), bodies());
      assertEquals(1, q.store.read().queue().messages().size());
      assertEquals(2, q.queries.status().totals().delivered());
      Path history = dataDirectory.resolve("history").resolve("2026-01-01.jsonl");
      List<String> lines = Files.readAllLines(history);
      assertEquals(1, lines.size());
      assertTrue(lines.get(0).contains("\"body\":\"old news\""), lines.get(0));
      assertEquals(0, q.maintenance.retire(Duration.ofHours(1)));
    }
  }

  @Nested
  class Agents {
    @Test
    void addedAgentsAreListedInOrder() {
      q.agents.addInbox("alice", null);
      q.agents.addHttp("bob", "http://127.0.0.1:8080/in");
      q.agents.addExec("carol", List.of("/bin/cat", "-u"));

      assertEquals(
          List.of("alice", "bob", "carol"), q.agents.list().stream().map(a -> a.name()).toList());
      assertEquals("/bin/cat -u", q.agents.list().get(2).target());
    }

    @Test
    void agentThatExistsIsRefused() {
      register("alice");

      assertRefusedAndNothingWritten(() -> q.agents.addInbox("alice", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "not a url", "http://", "file:///etc/passwd"})
    void urlThatIsNotHttpIsRefused(String url) {
      assertRefusedAndNothingWritten(() -> q.agents.addHttp("web", url));
    }

    @Test
    void execWithoutACommandIsRefused() {
      assertRefusedAndNothingWritten(() -> q.agents.addExec("runner", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "-dash", "a/b", "a\\b", "..", "a..b", "with space"})
    void invalidNameIsRefused(String name) {
      assertRefusedAndNothingWritten(() -> q.agents.addInbox(name, null));
    }

    @Test
    void nameLongerThan64CharactersIsRefused() {
      q.agents.addInbox("a".repeat(64), null);

      assertRefusedAndNothingWritten(() -> q.agents.addInbox("b".repeat(65), null));
    }

    @Test
    void removingAnAgentWithPendingEntriesIsRefused() {
      register("alice");
      q.sendTo("alice", "waiting");

      assertRefusedAndNothingWritten(() -> q.agents.remove("alice", false));
    }

    @Test
    void forcedRemovalFailsTheAgentsUnfinishedEntries() {
      register("alice", "bob");
      q.sendTo("alice", "waiting");
      q.sendTo("alice", "also waiting");
      q.sendTo("bob", "untouched");

      assertEquals(2, q.agents.remove("alice", true));

      assertEquals(List.of("bob"), q.agents.list().stream().map(a -> a.name()).toList());
      for (Entry entry : q.entries()) {
        boolean forAlice = entry.recipient().equals("alice");
        assertEquals(forAlice ? EntryState.FAILED : EntryState.PENDING, entry.state());
        if (forAlice) {
          assertEquals(AgentRegistry.REMOVED_ERROR, entry.lastError());
          assertEquals(0, entry.attempts());
        }
      }
    }

    @Test
    void removingAnAgentWithOnlyFinishedEntriesNeedsNoForce() {
      register("alice");
      q.sendTo("alice", "done");
      q.deliver(q.claimHeads("p1").get(0));

      assertEquals(0, q.agents.remove("alice", false));
      assertEquals(List.of(), q.agents.list());
    }

    @Test
    void removingAnUnknownAgentIsRefused() {
      assertRefusedAndNothingWritten(() -> q.agents.remove("ghost", true));
    }
  }

  @Nested
  class Status {
    @Test
    void statusCountsEntriesPerStateAndAgent() {
      register("alice", "bob");
      q.sendTo("alice", "1");
      q.sendTo("alice", "2");
      q.sendTo("bob", "3");
      q.sendTo("bob", "4");
      List<Claim> heads = q.claimHeads("p1");
      q.deliver(heads.get(0));
      q.complete(heads.get(1), new Outcome.Failed("no"));
      q.claimHeads("p1");

      StatusReport status = q.queries.status();

      assertEquals(new StatusReport.Counts(0, 2, 1, 1), status.totals());
      assertEquals(
          List.of(
              new StatusReport.AgentCounts("alice", 0, 1, 1, 0, true),
              new StatusReport.AgentCounts("bob", 0, 1, 0, 1, true)),
          status.agents());
      assertFalse(status.processor().running());
    }

    @Test
    void messageStatusShowsEachRecipient() {
      register("alice", "bob");
      String id = q.sender.send(SendRequest.broadcast("me", "all")).messageId();
      q.deliver(q.claimHeads("p1").get(0));

      var status = q.queries.message(id).orElseThrow();

      assertEquals(1, status.count(EntryState.DELIVERED));
      assertEquals(1, status.count(EntryState.PROCESSING));
      assertFalse(status.isSettled());
      assertTrue(q.queries.message("unknown").isEmpty());
    }

    @Test
    void listFiltersByStateAndAgentUpToTheLimit() {
      register("alice", "bob");
      q.sendTo("alice", "1");
      q.sendTo("bob", "2");
      q.sendTo("alice", "3");
      q.sendTo("alice", "4");

      assertEquals(4, q.queries.list(null, null, 0).size());
      assertEquals(
          List.of("1", "3"),
          q.queries.list(EntryState.PENDING, "alice", 2).stream().map(v -> v.body()).toList());
      assertEquals(0, q.queries.list(EntryState.FAILED, null, 0).size());
    }
  }

  List<String> bodies() {
    var messages = q.store.read().queue().messagesById();
    return q.entries().stream().map(e -> messages.get(e.messageId()).body()).toList();
  }
}
