package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.core.store.StoreFiles.assertSameBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.error.CorruptStateException;
import queue.core.testing.MutableClock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A damaged state file is refused (exit 4) with an error naming the file and the problem, by every
 * command, and never replaced: its bytes stay for a person or {@code doctor} to look at. The queue
 * is checkpointed first, so that {@code queue.json} holds it all; a send by a store that never read
 * the files (which decides on the head of the state only) refuses damage too.
 */
class CorruptStateTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private Path queueFile;
  private Path agentsFile;
  private byte[] good;

  @BeforeEach
  void queueWithTwoMessages() throws IOException {
    try (QueueStore store = open()) {
      StoreFiles.register(store, clock, "alice", "bob");
      store.sends().send(SendRequest.broadcast("me", "one"));
      store.sends().send(SendRequest.to(List.of("alice"), "me", "two"));
      store.upkeep().checkpoint();
    }
    queueFile = dir.resolve(StateFiles.QUEUE_FILE);
    agentsFile = dir.resolve(StateFiles.AGENTS_FILE);
    good = Files.readAllBytes(queueFile);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0001, 0.1, 0.25, 0.5, 0.75, 0.99})
  void truncatedQueueFileIsRefused(double fraction) throws IOException {
    int length = fraction > 0.9 ? good.length - 1 : Math.max(1, (int) (good.length * fraction));

    assertRefusedAndKept(queueFile, Arrays.copyOf(good, length), null);
  }

  @Test
  void garbageQueueFileIsRefused() throws IOException {
    assertRefusedAndKept(queueFile, bytes("\u0000\u0001not json at all"), null);
  }

  @Test
  void emptyQueueFileIsRefused() throws IOException {
    assertRefusedAndKept(queueFile, new byte[0], "empty");
  }

  @Test
  void queueFileOfAnotherVersionIsRefused() throws IOException {
    ObjectNode state = goodState();
    state.put("version", 2);

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "version 2");
  }

  @Test
  void queueFileWithDuplicateEntryIdsIsRefused() throws IOException {
    ObjectNode state = goodState();
    ArrayNode entries = (ArrayNode) state.get("entries");
    ((ObjectNode) entries.get(1)).put("id", entries.get(0).get("id").asString());

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "duplicate entry id");
  }

  @Test
  void queueFileWithDuplicateMessageIdsIsRefused() throws IOException {
    ObjectNode state = goodState();
    ArrayNode messages = (ArrayNode) state.get("messages");
    messages.add(messages.get(0).deepCopy());

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "duplicate message id");
  }

  @Test
  void entryOfAnUnknownMessageIsRefused() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(0)).put("messageId", "no-such-message");

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "unknown message");
  }

  @Test
  void entryWithAnEscapingRecipientIsRefused() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(0)).put("recipient", "../../etc");

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "recipient");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../../../../tmp/adv/PWNED", "a/b", "..", "0123456U"})
  void entryWithAnIdThatIsNoIdIsRefused(String id) throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(0)).put("id", id);

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "is not an id");
  }

  @Test
  void messageWithAnIdThatIsNoIdIsRefused() throws IOException {
    ObjectNode state = goodState();
    ArrayNode messages = (ArrayNode) state.get("messages");
    String id = messages.get(0).get("id").asString();
    ((ObjectNode) messages.get(0)).put("id", "../" + id);
    for (var entry : state.get("entries")) {
      if (entry.get("messageId").asString().equals(id)) {
        ((ObjectNode) entry).put("messageId", "../" + id);
      }
    }

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "message id '../");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"})
  void entryDueOutsideTheTimesKeptIsRefused(String time) throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(0)).put("nextAttemptAt", time);

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "nextAttemptAt " + time);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("messageValuesNoStoreKeeps")
  void messageWithAValueNoStoreKeepsIsRefused(String field, String value, String problem)
      throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("messages").get(0)).put(field, value);

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), problem);
  }

  static Stream<Arguments> messageValuesNoStoreKeeps() {
    return Stream.of(
        Arguments.of("ttl", "999999999999d", "too long"),
        Arguments.of("body", "a\u0000b", "NUL character"),
        Arguments.of("body", "", "the body is empty"),
        Arguments.of("createdAt", "+10000-01-01T00:00:00Z", "createdAt +10000"));
  }

  @Test
  void entryWithItsSequenceOutOfOrderIsRefused() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(2)).put("seq", 1);

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "out of order");
  }

  @Test
  void processingEntryWithoutALeaseIsRefused() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(0)).put("state", "PROCESSING");

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "PROCESSING without a lease");
  }

  @Test
  void queueFileWithAnUnknownFieldIsRefused() throws IOException {
    ObjectNode state = goodState();
    state.put("@class", "java.lang.ProcessBuilder");

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "unknown field '@class'");
  }

  @Test
  void unknownFieldInAnEntryIsNamedByItsPlaceInTheFile() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("entries").get(1)).put("priority", 9);

    assertRefusedAndKept(
        queueFile, JSON.writeValueAsBytes(state), "unknown field 'entries[1].priority'");
  }

  @Test
  void queueFileWithoutItsEntriesIsRefused() throws IOException {
    ObjectNode state = goodState();
    state.remove("entries");

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "entries");
  }

  @Test
  void queueFileWithTheNextSequenceBelowOneIsRefused() throws IOException {
    String empty = "{\"version\":1,\"nextSeq\":0,\"delivered\":{},\"messages\":[],\"entries\":[]}";

    assertRefusedAndKept(queueFile, bytes(empty), "nextSeq");
  }

  @Test
  void deeplyNestedQueueFileIsRefused() throws IOException {
    assertRefusedAndKept(queueFile, bytes("[".repeat(100_000) + "]".repeat(100_000)), null);
  }

  @Test
  void deeplyNestedValueInsideTheQueueFileIsRefused() throws IOException {
    String state =
        "{\"version\":1,\"nextSeq\":1,\"delivered\":{},\"messages\":"
            + "[".repeat(50_000)
            + "]".repeat(50_000)
            + ",\"entries\":[]}";

    assertRefusedAndKept(queueFile, bytes(state), null);
  }

  @Test
  void queueFileWithAnOversizeStringIsRefused() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("messages").get(0)).put("body", "x".repeat(8 * 1024 * 1024 + 1));

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), null);
  }

  @Test
  void missingQueueFileBesideItsLastGenerationIsRefusedAndNotReplaced() throws IOException {
    Files.move(queueFile, StateFiles.generationOf(queueFile), StandardCopyOption.REPLACE_EXISTING);

    CorruptStateException error = assertThrows(CorruptStateException.class, this::readStatus);

    assertEquals(4, error.exitCode());
    assertTrue(error.getMessage().contains(queueFile.toString()), error.getMessage());
    assertThrows(CorruptStateException.class, this::sendOne);
    assertTrue(Files.notExists(queueFile), "the lost file was not replaced by an empty queue");
  }

  @Test
  void garbageAgentsFileIsRefused() throws IOException {
    assertRefusedAndKept(agentsFile, bytes("{\"version\":1,\"agents\":["), null);
  }

  @Test
  void agentsFileOfAnotherVersionIsRefused() throws IOException {
    assertRefusedAndKept(agentsFile, bytes("{\"version\":7,\"agents\":[]}"), "version 7");
  }

  @Test
  void agentsFileWithANameTwiceIsRefused() throws IOException {
    ObjectNode agents = goodAgents();
    ArrayNode list = (ArrayNode) agents.get("agents");
    list.add(list.get(0).deepCopy());

    assertRefusedAndKept(agentsFile, JSON.writeValueAsBytes(agents), "agent alice");
  }

  @Test
  void agentsFileWithAnEscapingNameIsRefused() throws IOException {
    ObjectNode agents = goodAgents();
    ((ObjectNode) agents.get("agents").get(0)).put("name", "../outside");

    assertRefusedAndKept(agentsFile, JSON.writeValueAsBytes(agents), "../outside");
  }

  @Test
  void agentsFileWithAnEscapingGroupIsRefused() throws IOException {
    ObjectNode agents = goodAgents();
    ((ObjectNode) agents.get("agents").get(0)).putArray("groups").add("ops").add("../up");

    assertRefusedAndKept(
        agentsFile, JSON.writeValueAsBytes(agents), "agent alice: invalid group name '../up'");
  }

  // Reading, sending and registering are all refused, by stores that never saw the good file,
  // and the damaged bytes stay exactly as they are.
  private void assertRefusedAndKept(Path file, byte[] damaged, String problem) throws IOException {
    Files.write(file, damaged);

    CorruptStateException read = assertThrows(CorruptStateException.class, this::readStatus);
    CorruptStateException send = assertThrows(CorruptStateException.class, this::sendOne);
    assertThrows(
        CorruptStateException.class, () -> withStore(s -> StoreFiles.register(s, clock, "carol")));

    assertEquals(4, read.exitCode());
    assertEquals(4, send.exitCode());
    assertTrue(read.getMessage().contains(file.toString()), read.getMessage());
    assertTrue(send.getMessage().contains(file.toString()), send.getMessage());
    if (problem != null) {
      assertTrue(read.getMessage().contains(problem), read.getMessage());
    }
    assertSameBytes(damaged, file);
  }

  private void readStatus() {
    withStore(s -> s.reports().status());
  }

  private void sendOne() {
    withStore(s -> s.sends().send(SendRequest.to(List.of("alice"), "me", "more")));
  }

  private void withStore(Consumer<QueueStore> work) {
    try (QueueStore store = open()) {
      work.accept(store);
    }
  }

  private QueueStore open() {
    return StoreFiles.open(dir, clock);
  }

  private ObjectNode goodState() {
    return (ObjectNode) JSON.readTree(good);
  }

  private ObjectNode goodAgents() throws IOException {
    return (ObjectNode) JSON.readTree(Files.readAllBytes(agentsFile));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
