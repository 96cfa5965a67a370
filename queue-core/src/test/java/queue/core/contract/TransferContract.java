package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.Durations;
import queue.core.Ids;
import queue.core.TimeRange;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.ExportDocument;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.ThreadView;
import queue.core.documents.ExportDocuments;
import queue.core.error.InvalidInputException;
import queue.core.json.Json;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Transition;
import queue.core.testing.TestAgents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Export and import: a queue moved to an empty store loses nothing. */
abstract class TransferContract extends ContractPart {

  TransferContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @Test
  void exportOfANewStoreIsAnEmptyDocumentOfTheCurrentVersion() {
    ExportDocument document = q.store.transfer().exportAll();

    assertEquals(ExportDocument.VERSION, document.version());
    assertEquals(q.now(), document.exportedAt());
    assertEquals(List.of(), document.agents());
    assertEquals(List.of(), document.entries());
  }

  @Test
  void importIntoAnEmptyStoreKeepsAgentsEntriesCountersAndIdempotencyKeys() {
    Claim inFlight = queueInEveryState();
    QueueFixture.State exported = q.state();
    byte[] document = ExportDocuments.write(q.store.transfer().exportAll());
    q.clock.advance(Duration.ofMinutes(7));

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(ExportDocuments.read(document, "export.json"));

      QueueFixture.State imported = QueueFixture.State.of(target.transfer().exportAll());
      assertEquals(exported.agents(), imported.agents());
      assertEquals(exported.messages(), imported.messages());
      assertEquals(exported.delivered(), imported.delivered());
      assertEquals(exported.lastDeliveredAt(), imported.lastDeliveredAt());
      assertEquals(expectedEntries(exported, inFlight), imported.entries());
      SendResult again =
          target.sends().send(SendRequest.broadcast("ops", "keyed").withIdempotencyKey("k-1"));
      assertTrue(again.duplicate());
      assertEquals(exported.messages().get(0).id(), again.messageId());
      assertEquals(List.of("ops", "reviewers"), target.agents().find("web").orElseThrow().groups());
      assertEquals(
          List.of("web", "puller"),
          target.sends().send(SendRequest.to(List.of("@ops"), "ops", "to the group")).recipients());
    }
  }

  @Test
  void importKeepsThreadsRepliesAndNotices() {
    q.register("alice", "bob", "carol");
    String question =
        q.send(SendRequest.to(List.of("bob", "carol"), "alice", "which port?")).messageId();
    q.send(SendRequest.reply(new ReplyTo(question, ReplyTo.Audience.SENDER), "bob", "8080"));
    for (Claim claim : q.claimHeads("p")) {
      q.settle(
          claim,
          claim.entry().recipient().equals("carol")
              ? new Outcome.Failed("HTTP 404")
              : new Outcome.Delivered());
    }
    QueueFixture.State exported = q.state();
    ThreadView thread = q.store.conversations().thread(question).orElseThrow();
    byte[] document = ExportDocuments.write(q.store.transfer().exportAll());

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(ExportDocuments.read(document, "export.json"));

      assertEquals(
          exported.messages(), QueueFixture.State.of(target.transfer().exportAll()).messages());
      assertEquals(3, thread.messages().size());
      assertEquals(thread, target.conversations().thread(question).orElseThrow());
      String answer = thread.messages().get(1).messageId();
      SendResult later =
          target
              .sends()
              .send(
                  SendRequest.reply(
                      new ReplyTo(answer, ReplyTo.Audience.SENDER), "alice", "noted"));
      assertEquals(question, later.threadId());
      assertEquals(List.of("bob"), later.recipients());
    }
  }

  @Test
  void anExportMadeBeforeThreadsImportsEachMessageAsAThreadOfItsOwn() {
    q.register("alice");
    String first = q.sendTo("alice", "one");
    String second = q.sendTo("alice", "two");
    JsonNode tree = Json.mapper().readTree(ExportDocuments.write(q.store.transfer().exportAll()));
    for (JsonNode message : tree.get("messages").values()) {
      ((ObjectNode) message).remove("threadId");
    }

    ExportDocument old =
        ExportDocuments.read(Json.mapper().writeValueAsBytes(tree), "old-export.json");

    assertEquals(List.of(first, second), old.messages().stream().map(Message::threadId).toList());
    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(old);
      assertEquals(List.of(first), messagesInThreadOf(target, first));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../tmp/x", "x", "0123456789"})
  void importOfAThreadIdOrReplyThatIsNoIdIsRefusedAndImportsNothing(String id) {
    q.register("alice");
    q.sendTo("alice", "hello");
    ExportDocument good = q.store.transfer().exportAll();
    Message message = good.messages().get(0);

    assertImportRefused(
        withContent(good, List.of(message.inThread(id, null)), good.entries()), "threadId");
    assertImportRefused(
        withContent(good, List.of(message.inThread(message.id(), id)), good.entries()),
        "inReplyTo");
  }

  private static List<String> messagesInThreadOf(QueueStore store, String messageId) {
    return store.conversations().thread(messageId).orElseThrow().messages().stream()
        .map(ThreadView.Item::messageId)
        .toList();
  }

  // What the importing store must hold: the same entries, except that one held by a claim of
  // the old store is due at once, with nothing of that claim left.
  private List<Entry> expectedEntries(QueueFixture.State exported, Claim inFlight) {
    List<Entry> expected = new ArrayList<>();
    for (Entry e : exported.entries()) {
      expected.add(
          e.id().equals(inFlight.entry().id())
              ? QueueFixture.State.withoutSeq(e.after(Transition.handedBack(q.now())))
              : e);
    }
    return expected;
  }

  @Test
  void entryHeldByAClaimOfTheOldStoreIsDueAtOnceInTheNewOne() {
    Claim inFlight = queueInEveryState();
    ExportDocument document = q.store.transfer().exportAll();
    q.clock.advance(Duration.ofSeconds(5));

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(document);

      List<Claim> claimed =
          target
              .leases()
              .claim(
                  ClaimRequest.processor(
                      "new-processor", QueueFixture.HOST, QueueFixture.LEASE, 10, 10))
              .stream()
              .flatMap(List::stream)
              .toList();
      assertTrue(
          claimed.stream().anyMatch(c -> c.entry().id().equals(inFlight.entry().id())),
          "claimed " + claimed);
    }
  }

  @Test
  void idsTakenAfterAnImportSortAfterEveryImportedId() {
    queueInEveryState();
    ExportDocument document = q.store.transfer().exportAll();
    q.clock.advance(Duration.ofDays(-30));

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(document);
      String next =
          target.sends().send(SendRequest.to(List.of("alice"), "ops", "after")).messageId();

      for (Message message : document.messages()) {
        assertTrue(message.id().compareTo(next) < 0, message.id() + " before " + next);
      }
      for (Entry entry : document.entries()) {
        assertTrue(entry.id().compareTo(next) < 0, entry.id() + " before " + next);
      }
    }
  }

  @Test
  void idsTakenAfterAnImportSortAfterImportedIdsLaterThanTheDocumentsLastKey() {
    q.register("alice");
    q.sendTo("alice", "from the future");
    String future = Ids.format(Ids.keyOf("y0000000"));
    ExportDocument document =
        mutated(
            q.store.transfer().exportAll(),
            tree -> {
              tree.put("lastKey", 0);
              ((ObjectNode) tree.get("messages").get(0)).put("id", future);
              ((ObjectNode) tree.get("entries").get(0)).put("messageId", future);
              ((ObjectNode) tree.get("entries").get(0)).put("id", "y0000001");
            });

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(document);
      String next =
          target.sends().send(SendRequest.to(List.of("alice"), "ops", "after")).messageId();

      assertTrue("y0000001".compareTo(next) < 0, "y0000001 before " + next);
      assertEquals(
          List.of("y0000001", Ids.format(Ids.keyOf(next) + 1)),
          target.reports().list(null, null, 0).stream().map(v -> v.entry().id()).toList());
    }
  }

  // A reply whose thread's first message, and the message it answers, were retired before the
  // export: the ids they name are later than the document's lastKey, and the next id taken would
  // be the thread's, which would put a new message into that thread.
  @Test
  void idsTakenAfterAnImportSortAfterImportedThreadAndReplyIdsAndStartNoImportedThread() {
    q.register("alice");
    q.sendTo("alice", "hello");
    ExportDocument good = q.store.transfer().exportAll();
    Message reply = good.messages().get(0);
    String thread = Ids.format(Ids.nextKey(good.lastKey(), q.now()));
    String answered = Ids.format(Ids.keyOf(thread) + 1);
    ExportDocument document =
        withContent(good, List.of(reply.inThread(thread, answered)), good.entries());

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(document);
      String next =
          target.sends().send(SendRequest.to(List.of("alice"), "ops", "after")).messageId();

      assertTrue(answered.compareTo(next) < 0, answered + " before " + next);
      assertEquals(List.of(next), messagesInThreadOf(target, next));
      assertEquals(List.of(reply.id()), messagesInThreadOf(target, reply.id()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentsThatBreakARule")
  void importOfADocumentThatBreaksARuleOfTheStateIsRefusedAndImportsNothing(
      String rule, Consumer<ObjectNode> breakIt, String naming) {
    q.register("alice");
    q.register("bob");
    q.send(SendRequest.to(List.of("alice", "bob"), "ops", "one").withIdempotencyKey("k-1"));
    q.send(SendRequest.to(List.of("alice"), "ops", "two").withIdempotencyKey("k-2"));

    assertImportRefused(mutated(q.store.transfer().exportAll(), breakIt), naming);
  }

  static Stream<Arguments> documentsThatBreakARule() {
    return Stream.of(
        broken(
            "duplicate idempotency keys",
            tree -> message(tree, 1).put("idempotencyKey", "k-1"),
            "idempotency key"),
        broken(
            "an entry id equal to a message id",
            tree -> entry(tree, 0).put("id", message(tree, 1).get("id").asString()),
            "a message's id"),
        broken(
            "a pending entry for an agent not registered",
            tree -> ((ArrayNode) tree.get("agents")).remove(1),
            "not a registered agent"),
        broken("an empty body", tree -> message(tree, 0).put("body", ""), "the body is empty"),
        broken(
            "recipients that disagree with the entries",
            tree -> message(tree, 0).set("recipients", tree.arrayNode().add("alice")),
            "not one of its message's recipients"),
        broken(
            "a recipient named twice",
            tree ->
                message(tree, 0)
                    .set("recipients", tree.arrayNode().add("alice").add("bob").add("bob")),
            "named twice"),
        broken(
            "an entry sender other than its message's",
            tree -> entry(tree, 0).put("sender", "mallory"),
            "sender"),
        broken(
            "a sender with a control character",
            tree -> {
              message(tree, 0).put("sender", "o\u001bps");
              entry(tree, 0).put("sender", "o\u001bps");
              entry(tree, 1).put("sender", "o\u001bps");
            },
            "invalid sender"),
        broken("a lastKey past the last key", tree -> tree.put("lastKey", 1L << 40), "lastKey"),
        broken(
            "a thread id at the last id there is, after which no id is left to send with",
            tree -> message(tree, 0).put("threadId", "zzzzzzzz"),
            "run out of ids"),
        broken(
            "a delivered count past 2^53",
            tree -> ((ObjectNode) tree.get("delivered")).put("alice", 1L << 54),
            "delivered count"),
        broken(
            "a transport label with a newline",
            tree -> ((ObjectNode) tree.get("agents").get(0)).put("transport", "in\nbox"),
            "invalid transport"),
        broken(
            "a host with a control character",
            tree -> ((ObjectNode) tree.get("agents").get(0)).put("host", "h\u0007"),
            "invalid host"));
  }

  private static Arguments broken(String rule, Consumer<ObjectNode> breakIt, String naming) {
    return Arguments.of(rule, breakIt, naming);
  }

  private static ObjectNode message(ObjectNode tree, int index) {
    return (ObjectNode) tree.get("messages").get(index);
  }

  private static ObjectNode entry(ObjectNode tree, int index) {
    return (ObjectNode) tree.get("entries").get(index);
  }

  /** {@code document} as a reader of {@code queue export} gets it after {@code change}. */
  private static ExportDocument mutated(ExportDocument document, Consumer<ObjectNode> change) {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(ExportDocuments.write(document));
    change.accept(tree);
    return ExportDocuments.read(Json.mapper().writeValueAsBytes(tree), "export.json");
  }

  @Test
  void importIntoAStoreWithAgentsIsRefusedAndChangesNothing() {
    queueInEveryState();
    ExportDocument document = q.store.transfer().exportAll();

    try (QueueStore target = q.anotherStore()) {
      target.agents().add(q.requests.pull("someone", q.now()));
      QueueFixture.State before = QueueFixture.State.of(target.transfer().exportAll());

      InvalidInputException error =
          assertThrows(InvalidInputException.class, () -> target.transfer().importAll(document));

      assertEquals(2, error.exitCode());
      assertEquals(before, QueueFixture.State.of(target.transfer().exportAll()));
    }
  }

  @Test
  void importIntoAStoreWithEntriesLeftIsRefused() {
    q.register("alice");
    q.sendTo("alice", "left behind");
    q.store.agents().remove("alice", true);
    ExportDocument document;
    try (QueueStore source = q.anotherStore()) {
      document = source.transfer().exportAll();
    }

    q.assertRefused(() -> q.store.transfer().importAll(document));
  }

  @Test
  void importOfADocumentThatBreaksTheRulesIsRefusedAndImportsNothing() {
    queueInEveryState();
    ExportDocument good = q.store.transfer().exportAll();
    List<Entry> entries = new ArrayList<>(good.entries());
    entries.add(entries.get(0));
    ExportDocument duplicated = withContent(good, good.messages(), entries);

    try (QueueStore target = q.anotherStore()) {
      InvalidInputException error =
          assertThrows(InvalidInputException.class, () -> target.transfer().importAll(duplicated));

      assertEquals(2, error.exitCode());
      assertTrue(error.getMessage().contains(entries.get(0).id()), error.getMessage());
      assertEquals(List.of(), target.agents().list());
      assertEquals(List.of(), target.reports().list(null, null, 0));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../../../../../../tmp/adv/PWNED",
        "/tmp/adv/PWNED",
        "a/../../b",
        "..",
        "",
        "0123456U",
        "0123456789",
        "01234\u00007",
        "01234567\n"
      })
  void importOfAnEntryIdThatIsNoIdIsRefusedAndImportsNothing(String id) {
    queueInEveryState();
    ExportDocument good = q.store.transfer().exportAll();
    List<Entry> entries = new ArrayList<>(good.entries());
    entries.set(0, QueueFixture.withIds(entries.get(0), id, entries.get(0).messageId()));

    assertImportRefused(withContent(good, good.messages(), entries), "entry id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../tmp/adv/PWNED", "x", "0123456A-0123-0123-0123-0123456789AB"})
  void importOfAMessageIdThatIsNoIdIsRefusedAndImportsNothing(String id) {
    q.register("alice");
    q.sendTo("alice", "hello");
    ExportDocument good = q.store.transfer().exportAll();
    Message message = good.messages().get(0);
    Message renamed =
        new Message(
            id,
            message.sender(),
            message.body(),
            message.createdAt(),
            message.idempotencyKey(),
            message.recipients(),
            message.ttl());
    List<Entry> entries =
        good.entries().stream().map(e -> QueueFixture.withIds(e, e.id(), id)).toList();

    assertImportRefused(withContent(good, List.of(renamed), entries), "message id");
  }

  @Test
  void importOfABodyWithANulIsRefusedAsASendOfItIs() {
    q.register("alice");
    q.sendTo("alice", "hello");
    ExportDocument good = q.store.transfer().exportAll();
    Message message = good.messages().get(0);

    assertImportRefused(
        withContent(
            good,
            List.of(
                new Message(
                    message.id(),
                    message.sender(),
                    "hel\u0000lo",
                    message.createdAt(),
                    message.idempotencyKey(),
                    message.recipients(),
                    message.ttl())),
            good.entries()),
        "NUL character");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"})
  void importOfATimeOutsideTheRangeKeptIsRefused(String time) {
    q.register("alice");
    q.sendTo("alice", "hello");
    ExportDocument good = q.store.transfer().exportAll();
    Entry entry = good.entries().get(0);
    Entry late = entry.toBuilder().nextAttemptAt(Instant.parse(time)).build();

    assertImportRefused(withContent(good, good.messages(), List.of(late)), "nextAttemptAt");
  }

  @Test
  void exportOfAQueueAtTheEdgesOfWhatASendTakesImportsWhole() {
    q.register("alice");
    q.send(
        SendRequest.to(List.of("alice"), "ops", "\u0001\u007f\uffff last")
            .withNotBefore(TimeRange.LATEST)
            .withTtl(Durations.MAX));
    ExportDocument document =
        ExportDocuments.read(ExportDocuments.write(q.store.transfer().exportAll()), "export.json");

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(document);

      assertEquals(
          QueueFixture.State.of(document), QueueFixture.State.of(target.transfer().exportAll()));
    }
  }

  @Test
  void importKeepsIdsOfTheSchemeBeforeThisOne() {
    q.register("alice");
    q.sendTo("alice", "from an old queue");
    ExportDocument good = q.store.transfer().exportAll();
    List<Entry> entries =
        good.entries().stream()
            .map(
                e -> QueueFixture.withIds(e, "3f2b8c1e-0a4d-4e6f-9b7a-1c2d3e4f5a6b", e.messageId()))
            .toList();

    try (QueueStore target = q.anotherStore()) {
      target.transfer().importAll(withContent(good, good.messages(), entries));

      assertEquals(
          "3f2b8c1e-0a4d-4e6f-9b7a-1c2d3e4f5a6b",
          target.reports().list(null, null, 0).get(0).entry().id());
    }
  }

  private void assertImportRefused(ExportDocument document, String naming) {
    try (QueueStore target = q.anotherStore()) {
      InvalidInputException error =
          assertThrows(InvalidInputException.class, () -> target.transfer().importAll(document));

      assertEquals(2, error.exitCode());
      assertTrue(error.getMessage().contains(naming), error.getMessage());
      assertEquals(1, error.getMessage().lines().count(), error.getMessage());
      assertEquals(List.of(), target.agents().list());
      assertEquals(List.of(), target.reports().list(null, null, 0));
    }
  }

  private static ExportDocument withContent(
      ExportDocument document, List<Message> messages, List<Entry> entries) {
    return new ExportDocument(
        document.version(),
        document.source(),
        document.exportedAt(),
        document.lastKey(),
        document.agents(),
        messages,
        entries,
        document.delivered(),
        document.lastDeliveredAt());
  }

  /**
   * A queue with an entry in each state, agents of each transport with settings and a pause, an
   * idempotency key, a TTL, a scheduled send and delivered counters; returns the claim in flight.
   */
  private Claim queueInEveryState() {
    q.register("alice");
    q.store.agents().add(q.requests.http("web", "http://127.0.0.1:9/in", q.now()));
    q.store.agents().add(q.requests.exec("runner", List.of("/bin/true"), q.now()));
    q.registerPull("puller");
    q.store
        .agents()
        .change(
            "web",
            AgentChange.target(
                TestAgents.settings(4, Duration.ofSeconds(3), null, List.of("X-A: b"))));
    q.store.agents().change("runner", AgentChange.pause());
    q.store.agents().change("web", AgentChange.NONE.joining(List.of("reviewers", "ops")));
    q.store.agents().change("puller", AgentChange.NONE.joining(List.of("ops")));
    q.send(SendRequest.broadcast("ops", "keyed").withIdempotencyKey("k-1"));
    q.clock.advance(Duration.ofSeconds(1));
    q.send(SendRequest.to(List.of("alice"), "ops", "with ttl").withTtl(Duration.ofHours(1)));
    q.send(
        SendRequest.to(List.of("web"), "ops", "scheduled")
            .withNotBefore(q.now().plus(Duration.ofHours(2))));
    List<Claim> heads = q.claimHeads("old-processor");
    Claim alices =
        heads.stream().filter(c -> c.entry().recipient().equals("alice")).findFirst().orElseThrow();
    Claim webs =
        heads.stream().filter(c -> c.entry().recipient().equals("web")).findFirst().orElseThrow();
    q.deliver(alices);
    q.settle(webs, new Outcome.RetryLater("HTTP 503", q.now().plusSeconds(30)));
    q.settle(q.receive("receiver", "puller", 1).get(0), new Outcome.Failed("unreadable"));
    Claim inFlight = q.claimOne("old-processor");
    assertEquals(EntryState.PROCESSING, q.entry(inFlight.entry().id()).state());
    return inFlight;
  }
}
