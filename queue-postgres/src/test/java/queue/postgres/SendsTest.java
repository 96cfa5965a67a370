package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.error.InvalidInputException;
import queue.core.model.Entry;
import queue.core.model.EntryState;

class SendsTest extends StoreFixture {

  @Test
  void broadcastIsOneMessageWithAnEntryPerAgentInRegistrationOrder() {
    register("carol", "alice", "bob");

    SendResult result = store.sends().send(SendRequest.broadcast("me", "deploy at 17:00"));

    assertEquals(List.of("carol", "alice", "bob"), result.recipients());
    assertFalse(result.duplicate());
    List<Entry> entries = entries();
    assertEquals(3, entries.size());
    for (Entry entry : entries) {
      assertEquals(result.messageId(), entry.messageId());
      assertEquals(EntryState.PENDING, entry.state());
      assertEquals("me", entry.sender());
      assertEquals(now(), entry.createdAt());
      assertEquals(now(), entry.nextAttemptAt());
      assertNull(entry.expiresAt());
    }
    assertEquals(List.of("carol", "alice", "bob"), entries.stream().map(Entry::recipient).toList());
    assertEquals("deploy at 17:00", store.reports().list(null, "bob", 0).get(0).body());
  }

  @Test
  void idsSortInQueueOrderAsPlainStrings() {
    register("alice");
    String first = send("alice", "one");
    String second = send("alice", "two");

    List<Entry> entries = entries();

    assertTrue(first.compareTo(entries.get(0).id()) < 0);
    assertTrue(entries.get(0).id().compareTo(second) < 0);
    assertTrue(second.compareTo(entries.get(1).id()) < 0);
    assertTrue(entries.get(0).seq() < entries.get(1).seq());
    assertEquals(8, first.length());
  }

  @Test
  void anUnknownRecipientRefusesTheWholeSend() {
    register("alice");

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> store.sends().send(SendRequest.to(List.of("alice", "bob", "eve"), "me", "x")));

    assertEquals(
        "unknown recipients bob, eve: nothing was queued; see 'queue agents list'",
        error.getMessage());
    assertEquals(List.of(), entries());
  }

  @Test
  void aBroadcastWithNoAgentIsRefused() {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> store.sends().send(SendRequest.broadcast("me", "x")));

    assertEquals(
        "cannot broadcast: no agents are registered; add one with 'queue agents add NAME'",
        error.getMessage());
  }

  @Test
  void theSendRulesComeFirst() {
    register("alice");

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> store.sends().send(SendRequest.to(List.of("alice"), "me", "")));

    assertEquals(2, error.exitCode());
    assertEquals(List.of(), entries());
  }

  @Test
  void aRepeatedIdempotencyKeyAnswersTheFirstMessageAndQueuesNothing() {
    register("alice", "bob");
    SendRequest request =
        SendRequest.to(List.of("alice", "bob"), "me", "once").withIdempotencyKey("k1");
    SendResult first = store.sends().send(request);

    SendResult again = store.sends().send(request.withIdempotencyKey("k1"));

    assertTrue(again.duplicate());
    assertEquals(first.messageId(), again.messageId());
    assertEquals(List.of("alice", "bob"), again.recipients());
    assertEquals(2, entries().size());
  }

  @Test
  void aRepeatedKeyIsADuplicateEvenAfterItsRecipientWasRemoved() {
    register("alice");
    SendRequest request = SendRequest.to(List.of("alice"), "me", "once").withIdempotencyKey("k1");
    SendResult first = store.sends().send(request);
    store.agents().remove("alice", true);

    SendResult again = store.sends().send(request);

    assertTrue(again.duplicate());
    assertEquals(first.messageId(), again.messageId());
  }

  @Test
  void aScheduledSendIsDueAtItsTime() {
    register("alice");
    Instant at = now().plus(Duration.ofMinutes(5));

    store.sends().send(SendRequest.to(List.of("alice"), "me", "later").withNotBefore(at));

    assertEquals(at, entries().get(0).nextAttemptAt());
    assertTrue(entries().get(0).isScheduled(now()));
  }

  @Test
  void aTtlSetsWhenTheEntriesExpire() {
    register("alice");

    store
        .sends()
        .send(SendRequest.to(List.of("alice"), "me", "soon").withTtl(Duration.ofSeconds(30)));

    assertEquals(now().plusSeconds(30), entries().get(0).expiresAt());
  }

  @Test
  void aSecondStoreOnTheSameDatabaseContinuesTheIds() {
    register("alice");
    String first = send("alice", "one");

    String second;
    try (var other = open()) {
      second = other.sends().send(SendRequest.to(List.of("alice"), "me", "two")).messageId();
    }

    assertTrue(first.compareTo(second) < 0);
  }
}
