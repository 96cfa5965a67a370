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
import queue.core.api.Outcome;
import queue.core.api.SendRequest;
import queue.core.documents.AgentMessage;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notice;
import queue.core.model.Notices;

/**
 * Non-delivery notices: an entry that becomes FAILED tells its message's sender, when the sender is
 * a registered agent other than the recipient, in the same transaction; a notice never causes
 * another.
 */
abstract class NoticesContract extends ContractPart {

  NoticesContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob", "carol");
  }

  private String sendFrom(String sender, String recipients, String body) {
    return q.send(SendRequest.to(List.of(recipients.split(",")), sender, body)).messageId();
  }

  private List<Message> notices() {
    return q.state().messages().stream().filter(m -> m.notice() != null).toList();
  }

  private Claim claimOf(String recipient) {
    return q.claimHeads("p").stream()
        .filter(c -> c.entry().recipient().equals(recipient))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing to claim for " + recipient));
  }

  @Test
  void aFailedEntryQueuesANoticeToItsSenderInTheSameThread() {
    String question = sendFrom("alice", "bob", "which port?");
    q.clock.advance(Duration.ofSeconds(3));

    q.settle(claimOf("bob"), new Outcome.Failed("HTTP 404 from http://bob/hook"));

    List<Message> notices = notices();
    assertEquals(1, notices.size());
    Message notice = notices.get(0);
    assertEquals(Notices.SENDER, notice.sender());
    assertEquals(List.of("alice"), notice.recipients());
    assertEquals(question, notice.threadId());
    assertEquals(question, notice.inReplyTo());
    assertEquals(q.now(), notice.createdAt());
    assertEquals(
        new Notice("bob", EntryState.FAILED, "HTTP 404 from http://bob/hook"), notice.notice());
    assertEquals(
        "message " + question + " could not be delivered to bob: HTTP 404 from http://bob/hook",
        notice.body());
    Entry toAlice = q.entriesOf("alice").get(0);
    assertEquals(notice.id(), toAlice.messageId());
    assertEquals(EntryState.PENDING, toAlice.state());
  }

  @Test
  void theSenderReceivesTheNoticeWithItsThreadAndWhatFailed() {
    String question = sendFrom("alice", "bob", "which port?");
    q.settle(claimOf("bob"), new Outcome.Failed("HTTP 410"));

    AgentMessage received = AgentMessage.of(claimOf("alice"));

    assertEquals(Notices.SENDER, received.from());
    assertEquals(question, received.threadId());
    assertEquals(question, received.inReplyTo());
    assertEquals(new Notice("bob", EntryState.FAILED, "HTTP 410"), received.notice());
    assertFalse(received.body().contains("\n"));
  }

  @Test
  void aNoticeBodyIsOneLineWhateverTheError() {
    sendFrom("alice", "bob", "which port?");

    q.settle(claimOf("bob"), new Outcome.Failed("exit 3:\nno such file\r\n  at line 2"));

    assertTrue(notices().get(0).body().endsWith("to bob: exit 3: no such file at line 2"));
    assertEquals("exit 3:\nno such file\r\n  at line 2", notices().get(0).notice().error());
  }

  @Test
  void aRetryOrADeliveryQueuesNoNotice() {
    sendFrom("alice", "bob,carol", "which port?");
    List<Claim> claims = q.claimHeads("p");

    q.settle(claims.get(0), new Outcome.RetryLater("HTTP 503", q.now().plusSeconds(1)));
    q.deliver(claims.get(1));

    assertEquals(List.of(), notices());
  }

  @Test
  void noNoticeGoesToASenderThatIsNoRegisteredAgent() {
    sendFrom("root", "bob", "which port?");

    q.settle(claimOf("bob"), new Outcome.Failed("HTTP 404"));

    assertEquals(List.of(), notices());
  }

  @Test
  void noNoticeGoesToASenderWhoseOwnEntryFailed() {
    sendFrom("alice", "alice", "note to self");

    q.settle(claimOf("alice"), new Outcome.Failed("disk full"));

    assertEquals(List.of(), notices());
  }

  @Test
  void aFailedNoticeCausesNoFurtherNotice() {
    sendFrom("alice", "bob", "which port?");
    q.settle(claimOf("bob"), new Outcome.Failed("HTTP 404"));
    Message notice = notices().get(0);

    q.settle(claimOf("alice"), new Outcome.Failed("alice is down"));

    assertEquals(List.of(notice), notices());
    assertEquals(EntryState.FAILED, q.entriesOf("alice").get(0).state());
  }

  @Test
  void anEntryThatExpiresInAClaimNoticesItsSender() {
    String question =
        q.send(SendRequest.to(List.of("bob"), "alice", "today only").withTtl(Duration.ofMinutes(5)))
            .messageId();
    q.clock.advance(Duration.ofMinutes(6));

    assertEquals(List.of(), q.claimHeads("p").stream().map(c -> c.entry().id()).toList());

    Message notice = notices().get(0);
    assertEquals(new Notice("bob", EntryState.FAILED, Entry.EXPIRED_ERROR), notice.notice());
    assertEquals(question, notice.inReplyTo());
    assertEquals(notice.id(), claimOf("alice").entry().messageId());
  }

  @Test
  void aForcedRemovalNoticesTheSenderOfEveryEntryItFails() {
    String first = sendFrom("alice", "bob", "one");
    String second = sendFrom("carol", "bob", "two");
    sendFrom("root", "bob", "three");

    assertEquals(3, q.store.agents().remove("bob", true));

    List<Message> notices = notices();
    assertEquals(List.of(first, second), notices.stream().map(Message::inReplyTo).toList());
    assertEquals(
        List.of(List.of("alice"), List.of("carol")),
        notices.stream().map(Message::recipients).toList());
    assertEquals(Entry.REMOVED_ERROR, notices.get(0).notice().error());
  }

  @Test
  void aNoticeIsQueuedAfterTheMessageItAnswersAndNamesNoKey() {
    String question = sendFrom("alice", "bob", "which port?");

    q.settle(claimOf("bob"), new Outcome.Failed("HTTP 404"));

    Message notice = notices().get(0);
    assertTrue(notice.id().compareTo(question) > 0);
    assertNull(notice.idempotencyKey());
    assertNull(notice.ttl());
  }
}
