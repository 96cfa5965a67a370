package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import queue.core.Durations;
import queue.core.TimeRange;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.error.InvalidInputException;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.rules.SendRules;

/** Queuing messages: recipients, broadcasts, idempotency keys and what a send refuses. */
abstract class SendsContract extends ContractPart {

  SendsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob", "carol");
  }

  @Test
  void sendQueuesOnePendingEntryPerNamedRecipientInTheOrderGiven() {
    q.clock.advance(Duration.ofSeconds(7));

    SendResult sent = q.send(SendRequest.to(List.of("carol", "alice"), "ops", "hi"));

    assertFalse(sent.duplicate());
    assertEquals(List.of("carol", "alice"), sent.recipients());
    List<Entry> entries = q.entries();
    assertEquals(List.of("carol", "alice"), entries.stream().map(Entry::recipient).toList());
    for (Entry entry : entries) {
      assertEquals(sent.messageId(), entry.messageId());
      assertEquals(EntryState.PENDING, entry.state());
      assertEquals("ops", entry.sender());
      assertEquals(q.now(), entry.createdAt());
      assertEquals(q.now(), entry.nextAttemptAt());
      assertEquals(0, entry.attempts());
      assertNull(entry.expiresAt());
      assertNull(entry.lastError());
    }
    assertEquals(List.of("hi", "hi"), q.bodies());
  }

  @Test
  void broadcastQueuesOneMessageWithAnEntryForEveryRegisteredAgent() {
    q.registerPull("dave");
    q.store.agents().change("bob", AgentChange.pause());

    SendResult sent = q.send(SendRequest.broadcast("ops", "to all"));

    assertEquals(List.of("alice", "bob", "carol", "dave"), sent.recipients());
    assertEquals(sent.recipients(), q.entries().stream().map(Entry::recipient).toList());
    assertTrue(q.entries().stream().allMatch(e -> e.messageId().equals(sent.messageId())));
    assertEquals(1, q.store.reports().recentMessages(10).size());
    assertEquals(4, q.store.reports().message(sent.messageId()).orElseThrow().recipients().size());
  }

  @Test
  void broadcastWithNoAgentRegisteredIsRefused() {
    for (String name : List.of("alice", "bob", "carol")) {
      q.store.agents().remove(name, false);
    }

    q.assertRefused(() -> q.send(SendRequest.broadcast("ops", "anyone?")));
  }

  @Test
  void recipientNamedTwiceGetsOneEntry() {
    SendResult sent = q.send(SendRequest.to(List.of("alice", "bob", "alice"), "ops", "once"));

    assertEquals(List.of("alice", "bob"), sent.recipients());
    assertEquals(2, q.entries().size());
  }

  @Test
  void unknownRecipientRefusesTheWholeSendAndNamesIt() {
    var error =
        q.assertRefused(() -> q.send(SendRequest.to(List.of("alice", "nobody"), "ops", "hi")));

    assertTrue(error.getMessage().contains("nobody"), error.getMessage());
    assertEquals(List.of(), q.entries());
  }

  @Test
  void repeatedIdempotencyKeyAnswersWithTheFirstMessageAndQueuesNothing() {
    SendResult first =
        q.send(SendRequest.to(List.of("alice", "bob"), "ops", "deploy").withIdempotencyKey("k-1"));
    QueueFixture.State afterFirst = q.state();

    SendResult again =
        q.send(SendRequest.to(List.of("bob", "alice"), "ops", "deploy").withIdempotencyKey("k-1"));

    assertFalse(first.duplicate());
    assertTrue(again.duplicate());
    assertEquals(first.messageId(), again.messageId());
    assertEquals(List.of("alice", "bob"), again.recipients());
    assertEquals(afterFirst, q.state());
  }

  @Test
  void repeatedIdempotencyKeyMatchesTheRecipientsAGroupStandsFor() {
    q.store.agents().change("carol", AgentChange.NONE.joining(List.of("ops")));
    q.store.agents().change("alice", AgentChange.NONE.joining(List.of("ops")));
    SendResult first =
        q.send(SendRequest.to(List.of("alice", "carol"), "ops", "hi").withIdempotencyKey("k-1"));

    SendResult again =
        q.send(SendRequest.to(List.of("@ops"), "ops", "hi").withIdempotencyKey("k-1"));

    assertTrue(again.duplicate());
    assertEquals(first.messageId(), again.messageId());
  }

  @Test
  void repeatedIdempotencyKeyWithAnotherBodyIsRefusedNamingTheFirstMessage() {
    String first =
        q.send(SendRequest.to(List.of("alice"), "ops", "deploy").withIdempotencyKey("k"))
            .messageId();

    var error =
        q.assertRefused(
            () -> q.send(SendRequest.to(List.of("alice"), "ops", "other").withIdempotencyKey("k")));

    assertTrue(error.getMessage().contains(first), error.getMessage());
    assertTrue(error.getMessage().contains("another body"), error.getMessage());
  }

  @Test
  void repeatedIdempotencyKeyWithOtherRecipientsIsRefusedNamingTheFirstMessage() {
    String first =
        q.send(SendRequest.to(List.of("alice", "bob"), "ops", "deploy").withIdempotencyKey("k"))
            .messageId();

    var error =
        q.assertRefused(
            () ->
                q.send(SendRequest.to(List.of("alice"), "ops", "deploy").withIdempotencyKey("k")));

    assertTrue(error.getMessage().contains(first), error.getMessage());
    assertTrue(error.getMessage().contains("alice, bob"), error.getMessage());
  }

  @Test
  void repeatedIdempotencyKeyIsARepeatEvenAfterItsRecipientWasRemoved() {
    SendRequest request = SendRequest.to(List.of("alice"), "ops", "once").withIdempotencyKey("k");
    String first = q.send(request).messageId();
    q.store.agents().remove("alice", true);

    SendResult again = q.send(request);

    assertTrue(again.duplicate());
    assertEquals(first, again.messageId());
    var error =
        q.assertRefused(
            () -> q.send(SendRequest.to(List.of("ghost"), "ops", "once").withIdempotencyKey("k")));
    assertTrue(error.getMessage().contains("unknown recipient ghost"), error.getMessage());
  }

  @Test
  void repeatedIdempotencyKeyOfAGroupThatGrewSinceIsRefused() {
    q.store.agents().change("alice", AgentChange.NONE.joining(List.of("ops")));
    String first =
        q.send(SendRequest.to(List.of("@ops"), "ops", "deploy").withIdempotencyKey("k"))
            .messageId();
    q.store.agents().change("bob", AgentChange.NONE.joining(List.of("ops")));

    var error =
        q.assertRefused(
            () -> q.send(SendRequest.to(List.of("@ops"), "ops", "deploy").withIdempotencyKey("k")));

    assertTrue(error.getMessage().contains(first), error.getMessage());
  }

  @Test
  void differentIdempotencyKeysQueueDifferentMessages() {
    SendRequest request = SendRequest.broadcast("ops", "same body");

    String first = q.send(request.withIdempotencyKey("k-1")).messageId();
    String second = q.send(request.withIdempotencyKey("k-2")).messageId();

    assertFalse(first.equals(second));
    assertEquals(6, q.entries().size());
  }

  @Test
  void bodyIsKeptAsItWasSent() {
    String body = "line one\nline two\ttabbed, \"quoted\", ünïcödé, emoji \uD83D\uDE80, \\u0000";

    String id = q.sendTo("alice", body);

    assertEquals(List.of(body), q.bodies());
    assertEquals(body, q.store.reports().message(id).orElseThrow().body());
  }

  @Test
  void bodyOfExactlyTheLimitIsQueued() {
    q.sendTo("alice", "é".repeat(SendRules.MAX_BODY_BYTES / 2));

    assertEquals(1, q.entries().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void sendThatBreaksARuleIsRefusedAndQueuesNothing(String rule, SendRequest request) {
    q.assertRefused(() -> q.send(request));
  }

  static Stream<Arguments> refusedRequests() {
    SendRequest ok = SendRequest.to(List.of("alice"), "ops", "hi");
    return Stream.of(
        Arguments.of(
            "--to with --broadcast",
            new SendRequest(List.of("alice"), true, "ops", "hi", null, null, null)),
        Arguments.of(
            "no recipient", new SendRequest(List.of(), false, "ops", "hi", null, null, null)),
        Arguments.of("recipient name escaping", SendRequest.to(List.of("../alice"), "ops", "hi")),
        Arguments.of("recipient name empty", SendRequest.to(List.of(""), "ops", "hi")),
        Arguments.of("group mark alone", SendRequest.to(List.of("@"), "ops", "hi")),
        Arguments.of("group name escaping", SendRequest.to(List.of("@../ops"), "ops", "hi")),
        Arguments.of("group marked twice", SendRequest.to(List.of("@@ops"), "ops", "hi")),
        Arguments.of("mark inside a name", SendRequest.to(List.of("al@ice"), "ops", "hi")),
        Arguments.of("empty body", SendRequest.to(List.of("alice"), "ops", "")),
        Arguments.of("null body", SendRequest.to(List.of("alice"), "ops", null)),
        Arguments.of(
            "body one byte over the limit",
            SendRequest.to(
                List.of("alice"), "ops", "é".repeat(SendRules.MAX_BODY_BYTES / 2) + "x")),
        Arguments.of("blank sender", SendRequest.to(List.of("alice"), " ", "hi")),
        Arguments.of("null sender", SendRequest.to(List.of("alice"), null, "hi")),
        Arguments.of("sender with a newline", SendRequest.to(List.of("alice"), "o\nps", "hi")),
        Arguments.of("sender too long", SendRequest.to(List.of("alice"), "s".repeat(257), "hi")),
        Arguments.of("blank idempotency key", ok.withIdempotencyKey("")),
        Arguments.of("idempotency key too long", ok.withIdempotencyKey("k".repeat(257))),
        Arguments.of("idempotency key with a control", ok.withIdempotencyKey("k\u0007")),
        Arguments.of("zero ttl", ok.withTtl(Duration.ZERO)),
        Arguments.of("negative ttl", ok.withTtl(Duration.ofSeconds(-1))),
        Arguments.of("ttl over 100 years", ok.withTtl(Durations.MAX.plusMillis(1))),
        Arguments.of("body with a NUL", SendRequest.to(List.of("alice"), "ops", "a\u0000b")),
        Arguments.of("body of a NUL alone", SendRequest.to(List.of("alice"), "ops", "\u0000")),
        Arguments.of(
            "due after year 9999", ok.withNotBefore(Instant.parse("+999999999-12-31T23:59:59Z"))),
        Arguments.of(
            "due just after the last time kept", ok.withNotBefore(TimeRange.LATEST.plusNanos(1))));
  }

  @Test
  void aNulInABodyIsRefusedSayingWhereAndWhy() {
    InvalidInputException error = q.assertRefused(() -> q.sendTo("alice", "abc\u0000def"));

    assertTrue(
        error.getMessage().contains("NUL character (U+0000) at position 4"), error.getMessage());
  }

  @Test
  void aSendDueAtTheLastTimeKeptIsQueuedAndListed() {
    q.send(SendRequest.to(List.of("alice"), "ops", "late").withNotBefore(TimeRange.LATEST));

    assertEquals(TimeRange.LATEST, q.entries().get(0).nextAttemptAt());
    assertEquals(1, q.store.reports().list(null, null, 0).size());
    assertEquals(1, q.store.reports().status().totals().pending());
  }
}
