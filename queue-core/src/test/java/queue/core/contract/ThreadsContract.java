package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.Claim;
import queue.core.api.ReplyTo;
import queue.core.api.ReplyTo.Audience;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.ThreadView;
import queue.core.documents.AgentMessage;
import queue.core.model.EntryState;
import queue.core.model.Message;

/**
 * Who a message comes from and what it answers: broadcasts that skip their sender, replies to a
 * message's sender (and with --all its recipients) in its thread, and a thread read back whole.
 */
abstract class ThreadsContract extends ContractPart {

  ThreadsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob", "carol", "dave");
  }

  private SendResult sendFrom(String sender, String recipients, String body) {
    return q.send(SendRequest.to(List.of(recipients.split(",")), sender, body));
  }

  private SendResult reply(String sender, String id, Audience audience, String body) {
    return q.send(SendRequest.reply(new ReplyTo(id, audience), sender, body));
  }

  private Message message(String id) {
    return q.state().messages().stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no message " + id));
  }

  @Test
  void aBroadcastFromARegisteredAgentIsNotDeliveredBackToIt() {
    SendResult sent = q.send(SendRequest.broadcast("bob", "standup in 5"));

    assertEquals(List.of("alice", "carol", "dave"), sent.recipients());
  }

  @Test
  void aBroadcastWithIncludeSelfReachesItsSenderToo() {
    SendResult sent = q.send(SendRequest.broadcast("bob", "note to all").withIncludeSelf(true));

    assertEquals(List.of("alice", "bob", "carol", "dave"), sent.recipients());
  }

  @Test
  void aBroadcastFromTheOnlyRegisteredAgentIsRefused() {
    for (String name : List.of("alice", "carol", "dave")) {
      q.store.agents().remove(name, false);
    }

    String refusal =
        q.assertRefused(() -> q.send(SendRequest.broadcast("bob", "anyone?"))).getMessage();

    assertTrue(refusal.contains("bob is the only registered agent"), refusal);
  }

  @Test
  void aMessageStartsAThreadOfItsOwn() {
    SendResult sent = sendFrom("alice", "bob", "question");

    assertEquals(sent.messageId(), sent.threadId());
    Message message = message(sent.messageId());
    assertEquals(sent.messageId(), message.threadId());
    assertNull(message.inReplyTo());
    assertNull(message.notice());
  }

  @Test
  void aReplyGoesToTheSenderInTheSameThreadAndSaysWhatItAnswers() {
    String question = sendFrom("alice", "bob,carol", "which port?").messageId();
    q.clock.advance(Duration.ofSeconds(1));

    SendResult answer = reply("bob", question, Audience.SENDER, "8080");

    assertEquals(List.of("alice"), answer.recipients());
    assertEquals(question, answer.threadId());
    Message message = message(answer.messageId());
    assertEquals(question, message.threadId());
    assertEquals(question, message.inReplyTo());
    assertEquals("bob", message.sender());
    AgentMessage received = received("alice", answer.messageId());
    assertEquals(question, received.threadId());
    assertEquals(question, received.inReplyTo());
    assertEquals("bob", received.from());
  }

  // What the recipient of a message's entry gets when the processor claims it.
  private AgentMessage received(String recipient, String messageId) {
    for (Claim claim : q.claimHeads("p")) {
      if (claim.entry().recipient().equals(recipient)
          && claim.entry().messageId().equals(messageId)) {
        return AgentMessage.of(claim);
      }
    }
    throw new AssertionError("no claim of " + messageId + " for " + recipient);
  }

  @Test
  void aReplyToAReplyStaysInTheFirstMessagesThread() {
    String question = sendFrom("alice", "bob", "which port?").messageId();
    String answer = reply("bob", question, Audience.SENDER, "8080").messageId();

    SendResult thanks = reply("alice", answer, Audience.SENDER, "thanks");

    assertEquals(List.of("bob"), thanks.recipients());
    assertEquals(question, thanks.threadId());
    assertEquals(answer, message(thanks.messageId()).inReplyTo());
  }

  @Test
  void aReplyNamesTheMessageByTheIdOfOneOfItsEntriesToo() {
    String question = sendFrom("alice", "bob", "which port?").messageId();
    String bobsEntry = q.entriesOf("bob").get(0).id();

    SendResult answer = reply("bob", bobsEntry, Audience.SENDER, "8080");

    assertEquals(question, message(answer.messageId()).inReplyTo());
    assertEquals(List.of("alice"), answer.recipients());
  }

  @Test
  void aReplyToAllGoesToTheSenderAndEveryRecipientButTheOneReplying() {
    String question = sendFrom("alice", "bob,carol,dave", "who owns the build?").messageId();

    SendResult answer = reply("carol", question, Audience.EVERYONE, "I do");

    assertEquals(List.of("alice", "bob", "dave"), answer.recipients());
    assertEquals(question, answer.threadId());
  }

  @Test
  void sendWithReplyToGoesToTheNamedRecipientsInTheThread() {
    String question = sendFrom("alice", "bob", "which port?").messageId();

    SendResult aside =
        q.send(
            SendRequest.to(List.of("carol"), "bob", "do you know?")
                .withReplyTo(new ReplyTo(question, Audience.NAMED)));

    assertEquals(List.of("carol"), aside.recipients());
    assertEquals(question, aside.threadId());
    assertEquals(question, message(aside.messageId()).inReplyTo());
  }

  @Test
  void aReplyToAnUnknownIdIsRefusedAndQueuesNothing() {
    sendFrom("alice", "bob", "which port?");

    String refusal =
        q.assertRefused(() -> reply("bob", "zzzzzzzz", Audience.SENDER, "8080")).getMessage();

    assertTrue(refusal.contains("zzzzzzzz"), refusal);
  }

  @Test
  void aReplyToAMessageWhoseSenderIsNoAgentIsRefusedNamingTheSender() {
    String question = sendFrom("root", "bob", "which port?").messageId();

    String refusal =
        q.assertRefused(() -> reply("bob", question, Audience.SENDER, "8080")).getMessage();

    assertTrue(refusal.contains("its sender root is not a registered agent"), refusal);
  }

  @Test
  void aRepeatedIdempotencyKeyOnAReplyAnswersTheFirstReply() {
    String question = sendFrom("alice", "bob", "which port?").messageId();
    SendRequest answer =
        SendRequest.reply(new ReplyTo(question, Audience.SENDER), "bob", "8080")
            .withIdempotencyKey("answer-1");
    SendResult first = q.send(answer);

    SendResult again = q.send(answer);

    assertTrue(again.duplicate());
    assertEquals(first.messageId(), again.messageId());
    assertEquals(question, again.threadId());
  }

  @Test
  void aThreadListsEveryMessageOldestFirstWithEachRecipientsState() {
    String question = sendFrom("alice", "bob,carol", "which port?").messageId();
    sendFrom("alice", "dave", "another matter");
    q.deliver(claimOf("bob"));
    q.clock.advance(Duration.ofSeconds(1));
    String answer = reply("bob", question, Audience.SENDER, "8080").messageId();

    ThreadView thread = q.store.conversations().thread(answer).orElseThrow();

    assertEquals(question, thread.threadId());
    assertEquals(
        List.of(question, answer),
        thread.messages().stream().map(ThreadView.Item::messageId).toList());
    ThreadView.Item first = thread.messages().get(0);
    assertNull(first.inReplyTo());
    assertEquals("alice", first.from());
    assertEquals("which port?", first.body());
    assertEquals(
        List.of(
            new ThreadView.Recipient("bob", EntryState.DELIVERED),
            new ThreadView.Recipient("carol", EntryState.PROCESSING)),
        first.recipients());
    ThreadView.Item second = thread.messages().get(1);
    assertEquals(question, second.inReplyTo());
    assertEquals("bob", second.from());
    assertEquals(q.now(), second.createdAt());
    assertEquals(
        List.of(new ThreadView.Recipient("alice", EntryState.PENDING)), second.recipients());
  }

  /** Claims every recipient's head (the others stay PROCESSING) and returns {@code recipient}'s. */
  private Claim claimOf(String recipient) {
    return q.claimHeads("p").stream()
        .filter(c -> c.entry().recipient().equals(recipient))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing to claim for " + recipient));
  }

  @Test
  void aThreadAndAReplyFindMessagesThatRetentionMovedToHistory() {
    String question = sendFrom("alice", "bob", "which port?").messageId();
    q.deliver(claimOf("bob"));
    q.clock.advance(Duration.ofHours(2));
    assertEquals(1, q.store.upkeep().retire(Duration.ofHours(1)));

    SendResult answer = reply("bob", question, Audience.SENDER, "8080");

    assertEquals(question, answer.threadId());
    ThreadView thread = q.store.conversations().thread(question).orElseThrow();
    assertEquals(
        List.of(question, answer.messageId()),
        thread.messages().stream().map(ThreadView.Item::messageId).toList());
    assertEquals(
        List.of(new ThreadView.Recipient("bob", EntryState.DELIVERED)),
        thread.messages().get(0).recipients());
    assertEquals("which port?", thread.messages().get(0).body());
  }

  @Test
  void aReplyToAllOfAMessageInHistoryReachesEveryoneOnIt() {
    String question = sendFrom("alice", "bob,carol", "who owns the build?").messageId();
    q.claimHeads("p").forEach(q::deliver);
    q.clock.advance(Duration.ofHours(2));
    assertEquals(2, q.store.upkeep().retire(Duration.ofHours(1)));

    SendResult answer = reply("bob", question, Audience.EVERYONE, "I do");

    assertEquals(List.of("alice", "carol"), answer.recipients());
  }

  // On a shared store each host writes its own clock's time: the queue's order is the ids'.
  @Test
  void aThreadIsInQueueOrderWhateverTheSendersClocksSaid() {
    String question = sendFrom("alice", "bob", "which port?").messageId();
    q.clock.advance(Duration.ofSeconds(-30));
    String answer = reply("bob", question, Audience.SENDER, "8080").messageId();

    ThreadView thread = q.store.conversations().thread(question).orElseThrow();

    assertEquals(
        List.of(question, answer),
        thread.messages().stream().map(ThreadView.Item::messageId).toList());
  }

  @Test
  void theThreadOfAnUnknownIdIsEmpty() {
    assertFalse(q.store.conversations().thread("zzzzzzzz").isPresent());
  }
}
