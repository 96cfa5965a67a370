package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.MessageStatus;
import queue.core.api.Outcome;
import queue.core.api.SendRequest;
import queue.core.error.InvalidInputException;
import queue.core.model.Entry;
import queue.core.model.EntryState;

class UpkeepTest extends StoreFixture {

  @Test
  void retryByMessageIdMovesItsFailedEntriesBackDueNow() {
    register("alice", "bob");
    String id = send("alice,bob", "x");
    for (Claim claim : claimHeads("p1")) {
      settle(claim, new Outcome.Failed("no"));
    }
    clock.advance(Duration.ofMinutes(1));

    assertEquals(2, store.upkeep().retry(List.of(id)));

    for (Entry entry : entries()) {
      assertEquals(EntryState.PENDING, entry.state());
      assertEquals(0, entry.attempts());
      assertEquals(now(), entry.nextAttemptAt());
      assertEquals("no", entry.lastError());
    }
  }

  @Test
  void retryByAnEntryPrefixTakesOnlyThatEntry() {
    register("alice", "bob");
    send("alice,bob", "x");
    List<Claim> claims = claimHeads("p1");
    claims.forEach(c -> settle(c, new Outcome.Failed("no")));
    String entryId = claims.get(1).entry().id();

    assertEquals(1, store.upkeep().retry(List.of(entryId.toUpperCase())));

    assertEquals(EntryState.FAILED, entry(claims.get(0).entry().id()).state());
    assertEquals(EntryState.PENDING, entry(entryId).state());
  }

  @Test
  void aPrefixOfSeveralIdsIsRefusedNamingThem() throws Exception {
    register("alice");
    send("alice", "x");
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO queue_messages (id, sender, body, created_at, recipients, thread_id)"
              + " VALUES ('zzzzzzzza1', 'me', 'b', now(), '{alice}', 'zzzzzzzza1'),"
              + " ('zzzzzzzza2', 'me', 'b', now(), '{alice}', 'zzzzzzzza2')");
    }

    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> store.upkeep().retry(List.of("zzzzzzzza")));

    assertEquals(
        "id 'zzzzzzzza' matches 2 entry or messages (zzzzzzzza1, zzzzzzzza2): give more of it",
        error.getMessage());
  }

  @Test
  void retryOfWhatIsNotFailedOrNotThereIsRefusedAndChangesNothing() {
    register("alice");
    String id = send("alice", "x");

    InvalidInputException notFailed =
        assertThrows(InvalidInputException.class, () -> store.upkeep().retry(List.of(id)));
    InvalidInputException missing =
        assertThrows(InvalidInputException.class, () -> store.upkeep().retry(List.of("00000000")));
    InvalidInputException tooShort =
        assertThrows(InvalidInputException.class, () -> store.upkeep().retry(List.of("abc")));

    assertEquals(
        id + " has no FAILED entry (it is PENDING); only FAILED entries can be retried",
        notFailed.getMessage());
    assertEquals("no entry or message with id 00000000; see 'queue list'", missing.getMessage());
    assertTrue(tooShort.getMessage().startsWith("id 'abc' is too short"));
  }

  @Test
  void retryAllGivesExpiredEntriesAFreshTtl() {
    register("alice");
    store.sends().send(SendRequest.to(List.of("alice"), "me", "x").withTtl(Duration.ofSeconds(5)));
    clock.advance(Duration.ofSeconds(6));
    claimHeads("p1");
    clock.advance(Duration.ofSeconds(60));

    assertEquals(1, store.upkeep().retryAll());

    Entry retried = entries().get(0);
    assertEquals(EntryState.PENDING, retried.state());
    assertEquals(now().plusSeconds(5), retried.expiresAt());
    assertEquals(1, claimHeads("p1").size());
  }

  @Test
  void purgeRemovesByStateAndAgeAndKeepsTheCounters() {
    register("alice");
    send("alice", "old");
    deliver(claimHeads("p1").get(0));
    clock.advance(Duration.ofHours(2));
    String recent = send("alice", "new");
    deliver(claimHeads("p1").get(0));

    assertEquals(1, store.upkeep().purge(Set.of(), Duration.ofHours(1)));

    assertEquals(List.of(recent), entries().stream().map(Entry::messageId).toList());
    assertEquals(2, store.reports().status().totals().delivered());
    assertEquals(1, store.upkeep().purge(Set.of(EntryState.DELIVERED), null));
    assertEquals(List.of(), entries());
  }

  @Test
  void purgeForgetsTheIdempotencyKeyWithItsLastEntry() {
    register("alice");
    SendRequest keyed = SendRequest.to(List.of("alice"), "me", "x").withIdempotencyKey("k");
    String first = store.sends().send(keyed).messageId();
    deliver(claimHeads("p1").get(0));
    store.upkeep().purge(Set.of(), null);

    var again = store.sends().send(keyed);

    assertTrue(!again.duplicate() && !again.messageId().equals(first));
  }

  @Test
  void retireMovesOldDeliveredEntriesToHistoryWhereMessageStillFindsThem() {
    register("alice", "bob");
    String id = send("alice,bob", "kept in history");
    List<Claim> claims = claimHeads("p1");
    deliver(claims.get(0));
    clock.advance(Duration.ofHours(2));

    assertEquals(1, store.upkeep().retire(Duration.ofHours(1)));

    assertEquals(1, entries().size());
    MessageStatus status = store.reports().message(id.substring(0, 8)).orElseThrow();
    assertEquals("kept in history", status.body());
    assertEquals(
        List.of(EntryState.DELIVERED, EntryState.PROCESSING),
        status.recipients().stream().map(MessageStatus.RecipientState::state).toList());
    assertEquals(1, store.reports().status().agents().get(0).counts().delivered());
    deliver(claims.get(1));
    clock.advance(Duration.ofHours(2));
    assertEquals(1, store.upkeep().retire(Duration.ofHours(1)));
    assertEquals(List.of(), store.reports().recentMessages(10));
    assertEquals(2, store.reports().message(id).orElseThrow().recipients().size());
    assertEquals(2, store.reports().status().totals().delivered());
  }
}
