package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.agents.AgentRegistry;
import queue.core.error.CorruptStateException;
import queue.core.send.SendRequest;
import queue.core.send.Sender;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A damaged state file is refused with the typed error naming it, and never replaced. */
class CorruptStateTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private Path queueFile;
  private Path agentsFile;
  private byte[] good;

  @BeforeEach
  void queueWithTwoMessages() throws IOException {
    FileQueueStore store = open();
    new AgentRegistry(store, clock).addInbox("alice", null);
    new AgentRegistry(store, clock).addInbox("bob", null);
    Sender sender = new Sender(store, clock, 1024);
    sender.send(SendRequest.broadcast("me", "one"));
    sender.send(SendRequest.to(List.of("alice"), "me", "two"));
    queueFile = dir.resolve(StateFiles.QUEUE_FILE);
    agentsFile = dir.resolve(StateFiles.AGENTS_FILE);
    good = Files.readAllBytes(queueFile);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0001, 0.1, 0.25, 0.5, 0.75, 0.99})
  void truncatedQueueFileIsRefused(double fraction) throws IOException {
    int length = Math.max(1, (int) (good.length * fraction));
    if (fraction > 0.9) {
      length = good.length - 1;
    }

    assertRefusedAndKept(queueFile, Arrays.copyOf(good, length), null);
  }

  @Test
  void garbageQueueFileIsRefused() throws IOException {
    assertRefusedAndKept(queueFile, "\u0000\u0001not json at all".getBytes(), null);
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
    String first = entries.get(0).get("id").asString();
    ((ObjectNode) entries.get(1)).put("id", first);

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

  @Test
  void queueFileWithUnknownFieldIsRefused() throws IOException {
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
  void queueFileWithoutEntriesFieldIsRefused() throws IOException {
    ObjectNode state = goodState();
    state.remove("entries");

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), "entries");
  }

  @Test
  void queueFileWithNextSequenceBelowOneIsRefused() throws IOException {
    String empty = "{\"version\":1,\"nextSeq\":0,\"delivered\":{},\"messages\":[],\"entries\":[]}";

    assertRefusedAndKept(queueFile, empty.getBytes(StandardCharsets.UTF_8), "nextSeq");
  }

  @Test
  void deeplyNestedQueueFileIsRefused() throws IOException {
    String nested = "[".repeat(100_000) + "]".repeat(100_000);

    assertRefusedAndKept(queueFile, nested.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void deeplyNestedValueInsideTheQueueFileIsRefused() throws IOException {
    String state =
        "{\"version\":1,\"nextSeq\":1,\"delivered\":{},\"messages\":"
            + "[".repeat(50_000)
            + "]".repeat(50_000)
            + ",\"entries\":[]}";

    assertRefusedAndKept(queueFile, state.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void queueFileWithAnOversizeStringIsRefused() throws IOException {
    ObjectNode state = goodState();
    ((ObjectNode) state.get("messages").get(0)).put("body", "x".repeat(8 * 1024 * 1024 + 1));

    assertRefusedAndKept(queueFile, JSON.writeValueAsBytes(state), null);
  }

  @Test
  void missingQueueFileBesideItsLastGenerationIsRefused() throws IOException {
    Path generation = StateFiles.generationOf(queueFile);
    Files.move(queueFile, generation, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    CorruptStateException error = assertThrows(CorruptStateException.class, () -> open().read());

    assertTrue(error.getMessage().contains(queueFile.toString()), error.getMessage());
    assertThrows(CorruptStateException.class, this::sendOne);
    assertTrue(Files.notExists(queueFile), "the lost file was not replaced by an empty queue");
  }

  @Test
  void garbageAgentsFileIsRefused() throws IOException {
    assertRefusedAndKept(agentsFile, "{\"version\":1,\"agents\":[".getBytes(), null);
  }

  @Test
  void agentsFileOfAnotherVersionIsRefused() throws IOException {
    assertRefusedAndKept(agentsFile, "{\"version\":7,\"agents\":[]}".getBytes(), "version 7");
  }

  @Test
  void agentsFileWithDuplicateNamesIsRefused() throws IOException {
    ObjectNode agents = (ObjectNode) JSON.readTree(Files.readAllBytes(agentsFile));
    ArrayNode list = (ArrayNode) agents.get("agents");
    list.add(list.get(0).deepCopy());

    assertRefusedAndKept(agentsFile, JSON.writeValueAsBytes(agents), "alice");
  }

  @Test
  void agentsFileWithAnEscapingNameIsRefused() throws IOException {
    ObjectNode agents = (ObjectNode) JSON.readTree(Files.readAllBytes(agentsFile));
    ((ObjectNode) agents.get("agents").get(0)).put("name", "../outside");

    assertRefusedAndKept(agentsFile, JSON.writeValueAsBytes(agents), "../outside");
  }

  // Reading, sending and registering are all refused, by a store that never saw the good file,
  // and the damaged bytes stay exactly as they are for a person (or `doctor`) to look at.
  private void assertRefusedAndKept(Path file, byte[] damaged, String problem) throws IOException {
    Files.write(file, damaged);

    CorruptStateException read = assertThrows(CorruptStateException.class, () -> open().read());
    CorruptStateException send = assertThrows(CorruptStateException.class, this::sendOne);
    assertThrows(
        CorruptStateException.class,
        () -> new AgentRegistry(open(), clock).addInbox("carol", null));

    assertEquals(4, read.exitCode());
    assertTrue(read.getMessage().contains(file.toString()), read.getMessage());
    assertTrue(send.getMessage().contains(file.toString()), send.getMessage());
    if (problem != null) {
      assertTrue(read.getMessage().contains(problem), read.getMessage());
    }
    assertArrayEquals(damaged, Files.readAllBytes(file));
  }

  private void sendOne() {
    new Sender(open(), clock, 1024).send(SendRequest.to(List.of("alice"), "me", "more"));
  }

  private ObjectNode goodState() {
    JsonNode tree = JSON.readTree(good);
    return (ObjectNode) tree;
  }

  private FileQueueStore open() {
    return FileQueueStore.open(dir, Duration.ofSeconds(2));
  }
}
