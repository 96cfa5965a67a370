package queue.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.ExportDocument;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.Message;

/** Message and entry ids: 8 characters that sort in queue order; lookups by unique prefix. */
abstract class IdsContract extends ContractPart {
  private static final String ALPHABET = "[0-9a-hjkmnp-tv-z]{8}";

  IdsContract(Supplier<QueueFixture> fixture) {
    super(fixture);
  }

  @BeforeEach
  void agents() {
    q.register("alice", "bob", "carol");
  }

  @Test
  void idsAreEightCharactersOfLowerCaseBase32() {
    String messageId = q.broadcast("hello");

    assertTrue(messageId.matches(ALPHABET), messageId);
    q.entries().forEach(e -> assertTrue(e.id().matches(ALPHABET), e.id()));
  }

  @Test
  void idsIncreaseAsPlainStringsInSendOrderMessageBeforeItsEntries() {
    List<String> messageIds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      messageIds.add(
          i % 3 == 0
              ? q.broadcast("b" + i)
              : q.sendTo(i % 2 == 0 ? "bob" : "alice,carol", "n" + i));
      if (i % 4 == 0) {
        q.clock.advance(Duration.ofMillis(3));
      }
    }

    List<String> inOrder = new ArrayList<>();
    for (String messageId : messageIds) {
      inOrder.add(messageId);
      q.entries().stream()
          .filter(e -> e.messageId().equals(messageId))
          .forEach(e -> inOrder.add(e.id()));
    }
    assertStrictlyIncreasing(inOrder);
    assertStrictlyIncreasing(q.entriesOf("alice").stream().map(Entry::id).toList());
  }

  @Test
  void idsKeepIncreasingWhenTheClockStepsBack() {
    String before = q.sendTo("alice", "before");
    q.clock.advance(Duration.ofHours(-3));

    String after = q.sendTo("alice", "after");

    assertStrictlyIncreasing(List.of(before, q.entriesOf("alice").get(0).id(), after));
  }

  @Test
  void idsTakenLaterInTimeSortAfterEarlierOnes() {
    String early = q.sendTo("alice", "early");
    q.clock.advance(Duration.ofDays(400));

    String late = q.sendTo("alice", "late");

    assertTrue(early.compareTo(late) < 0, early + " before " + late);
  }

  @Test
  void messageIsFoundByItsIdInAnyCase() {
    String id = q.sendTo("alice", "find me");

    assertEquals("find me", q.store.reports().message(id).orElseThrow().body());
    assertEquals(
        id, q.store.reports().message(id.toUpperCase(Locale.ROOT)).orElseThrow().messageId());
    assertTrue(q.store.reports().message("zzzzzzzz").isEmpty());
  }

  @Test
  void idShorterThanEightCharactersIsRefused() {
    String id = q.sendTo("alice", "x");
    String entryId = q.failHead("p1", "gone").id();

    q.assertRefused(() -> q.store.reports().message(id.substring(0, 7)));
    q.assertRefused(() -> q.store.upkeep().retry(List.of(entryId.substring(0, 7))));
  }

  // Ids of a store from before the 8-character ids (UUIDs) come in by import; a prefix of 8 or
  // more characters finds them, and one that fits two is refused.
  @Test
  void uniquePrefixFindsALongIdAndAnAmbiguousOneIsRefused() {
    try (var legacy = q.anotherStore()) {
      legacy
          .transfer()
          .importAll(documentWithIds("0b4c7e2a-1d9f-4c1e-9a7b-", "3f2d1c0e9a11", "000000000000"));

      assertEquals(
          "second", legacy.reports().message("0b4c7e2a-1d9f-4c1e-9a7b-0").orElseThrow().body());
      assertEquals(1, legacy.upkeep().retry(List.of("0b4c7e2a-1d9f-4c1e-9a7b-3f2d1c")));
      var error =
          assertThrows(InvalidInputException.class, () -> legacy.reports().message("0b4c7e2a"));
      assertEquals(2, error.exitCode());
      assertTrue(error.getMessage().contains("0b4c7e2a"), error.getMessage());
      QueueFixture.State before = QueueFixture.State.of(legacy.transfer().exportAll());
      var retry =
          assertThrows(
              InvalidInputException.class, () -> legacy.upkeep().retry(List.of("0b4c7e2a-1d9f")));
      assertEquals(2, retry.exitCode());
      assertEquals(before, QueueFixture.State.of(legacy.transfer().exportAll()));
    }
  }

  private ExportDocument documentWithIds(String common, String first, String second) {
    Instant at = Instant.parse(QueueStoreContract.START);
    Agent alice = q.requests.inbox("alice", null, at);
    List<Message> messages =
        List.of(
            new Message(common + first, "old", "first", at, null, List.of("alice"), null),
            new Message(common + second, "old", "second", at, null, List.of("alice"), null));
    List<Entry> entries =
        List.of(
            failedEntry("9e8d7c6b-5a4f-4e3d-8c2b-" + first, messages.get(0), at, 1),
            failedEntry("9e8d7c6b-5a4f-4e3d-8c2b-" + second, messages.get(1), at, 2));
    return new ExportDocument(
        ExportDocument.VERSION,
        "legacy",
        at,
        0,
        List.of(alice),
        messages,
        entries,
        Map.of(),
        Map.of());
  }

  private static Entry failedEntry(String id, Message message, Instant at, long seq) {
    return Entry.of(message, id, "alice", seq)
        .state(EntryState.FAILED)
        .attempts(1)
        .lastError("old error")
        .build();
  }

  static void assertStrictlyIncreasing(List<String> ids) {
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(
          ids.get(i - 1).compareTo(ids.get(i)) < 0,
          "id " + ids.get(i - 1) + " is not before " + ids.get(i) + " in " + ids);
    }
  }
}
