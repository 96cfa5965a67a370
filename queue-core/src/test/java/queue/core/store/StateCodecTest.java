package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.error.CorruptStateException;
import queue.core.model.Agent;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Notice;
import queue.core.model.QueueState;
import queue.core.model.Target;
import queue.core.store.StateCodec.Stamped;

/**
 * The state files as the codec reads and writes them. The files in this package's test resources
 * have every optional field set: queue.json and agents-v1.json were written by the data-binding
 * codec this one replaced, agents.json by this one since agents have targets; the current versions
 * must read and be written back byte for byte.
 */
class StateCodecTest {
  private static final Path QUEUE = Path.of("queue.json");
  private static final Path AGENTS = Path.of("agents.json");

  private final StateCodec codec = new StateCodec();

  @Test
  void queueFileWrittenByDataBindingIsWrittenBackByteForByte() throws IOException {
    byte[] bytes = resource("queue.json");

    Stamped<QueueState> read = codec.decodeQueue(QUEUE, bytes);

    assertEquals(7, read.value().entries().size());
    assertEquals(5902392718759069541L, read.stamp());
    assertArrayEquals(bytes, codec.encodeQueue(read.value(), read.stamp()), text(bytes));
  }

  @Test
  void everyMessageOfAFileWrittenBeforeThreadsStartsAThreadOfItsOwn() throws IOException {
    QueueState read = codec.decodeQueue(QUEUE, resource("queue.json")).value();

    for (Message message : read.messages()) {
      assertEquals(message.id(), message.threadId());
      assertNull(message.inReplyTo());
      assertNull(message.notice());
    }
  }

  // A reply names its thread and the message it answers; a notice also what failed. A message
  // that starts its thread names none, as before threads.
  @Test
  void repliesAndNoticesAreWrittenBackByteForByte() {
    String file =
        """
        {"version":1,"nextSeq":4,"lastKey":15121790300,"delivered":{},"messages":[\
        {"id":"0e2n84zx","sender":"alice","body":"which port?","createdAt":"2026-03-01T10:00:00Z",\
        "recipients":["bob"]},\
        {"id":"0e2n8500","sender":"bob","body":"8080","createdAt":"2026-03-01T10:00:01Z",\
        "recipients":["alice"],"threadId":"0e2n84zx","inReplyTo":"0e2n84zx"},\
        {"id":"0e2n8502","sender":"queue","body":"message 0e2n84zx could not be delivered",\
        "createdAt":"2026-03-01T10:00:02Z","recipients":["alice"],"threadId":"0e2n84zx",\
        "inReplyTo":"0e2n84zx","notice":{"recipient":"bob","state":"FAILED","error":"expired"}}],\
        "entries":[\
        {"id":"0e2n84zy","messageId":"0e2n84zx","recipient":"bob","seq":1,"state":"FAILED",\
        "lastError":"expired"},\
        {"id":"0e2n8501","messageId":"0e2n8500","recipient":"alice","seq":2,"state":"PENDING"},\
        {"id":"0e2n8503","messageId":"0e2n8502","recipient":"alice","seq":3,"state":"PENDING"}]}\
        """;
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);

    QueueState read = codec.decodeQueue(QUEUE, bytes).value();

    Message notice = read.messages().get(2);
    assertEquals("0e2n84zx", notice.threadId());
    assertEquals("0e2n84zx", notice.inReplyTo());
    assertEquals(new Notice("bob", EntryState.FAILED, "expired"), notice.notice());
    assertEquals("0e2n84zx", read.messages().get(1).threadId());
    assertArrayEquals(bytes, codec.encodeQueue(read, 0), file);
  }

  @Test
  void aThreadIdThatIsNoIdIsRefused() {
    assertProblem(
        """
        {"version":1,"nextSeq":1,"delivered":{},"messages":[{"id":"0e2n84zx","sender":"a",\
        "body":"b","createdAt":"2026-03-01T10:00:00Z","recipients":["a"],"threadId":"../x"}],\
        "entries":[]}""",
        "message 0e2n84zx: threadId '../x' is not an id");
  }

  // The next send would take 0e2n8dax and join that thread.
  @Test
  void aThreadOrReplyIdLaterThanLastKeyIsRefused() {
    assertProblem(
        """
        {"version":1,"nextSeq":1,"lastKey":15121790300,"delivered":{},"messages":[\
        {"id":"0e2n84zx","sender":"a","body":"b","createdAt":"2026-03-01T10:00:00Z",\
        "recipients":["a"],"threadId":"0e2n8dax"}],"entries":[]}""",
        "message 0e2n84zx: its threadId is later than lastKey 15121790300");
    assertProblem(
        """
        {"version":1,"nextSeq":1,"lastKey":15121790300,"delivered":{},"messages":[\
        {"id":"0e2n84zx","sender":"a","body":"b","createdAt":"2026-03-01T10:00:00Z",\
        "recipients":["a"],"inReplyTo":"0e2n8dax"}],"entries":[]}""",
        "message 0e2n84zx: its inReplyTo is later than lastKey 15121790300");
  }

  @Test
  void agentsFileWithEveryOptionalFieldIsWrittenBackByteForByte() throws IOException {
    byte[] bytes = resource("agents.json");

    Stamped<List<Agent>> read = codec.decodeAgents(AGENTS, bytes);

    assertEquals(5, read.value().size());
    assertArrayEquals(bytes, codec.encodeAgents(read.value(), read.stamp()), text(bytes));
  }

  // agents-v1.json was written by the data-binding codec before agents had targets: each agent's
  // transport fields and settings are its target now, and an inbox agent is pinned to its host.
  @Test
  void agentsFileOfVersionOneReadsAsTheSameAgents() throws IOException {
    Stamped<List<Agent>> before = codec.decodeAgents(AGENTS, resource("agents-v1.json"));
    Stamped<List<Agent>> now = codec.decodeAgents(AGENTS, resource("agents.json"));

    assertEquals(now, before);
    assertEquals(Target.EMPTY.with("inbox", "/srv/bob/inbox"), before.value().get(1).target());
    assertTrue(before.value().get(0).pinned());
    assertEquals(false, before.value().get(2).pinned());
    assertEquals(
        List.of("/usr/bin/python3", "-c", "import sys; print(sys.stdin.read())"),
        before.value().get(4).target().texts("exec"));
  }

  @Test
  void aWrongTypeIsNamedByItsPlace() {
    assertProblem(
        "{\"version\":1,\"nextSeq\":1,\"delivered\":{},\"messages\":[],\"entries\":[{\"seq\":\"x\"}]}",
        "a value of the wrong type at 'entries[0].seq'");
    assertProblem(
        "{\"version\":1,\"nextSeq\":1,\"delivered\":[],\"messages\":[],\"entries\":[]}",
        "a value of the wrong type at 'delivered'");
    assertProblem(
        "{\"version\":1,\"nextSeq\":1,\"delivered\":{},\"messages\":[{\"id\":{}}],\"entries\":[]}",
        "a value of the wrong type at 'messages[0].id'");
  }

  @Test
  void anObjectItsTypeRefusesIsNamedByItsPlace() {
    assertProblem(
        "{\"version\":1,\"nextSeq\":1,\"delivered\":{},\"messages\":[{\"id\":\"m\"}],"
            + "\"entries\":[]}",
        "a field is missing or invalid at 'messages[0]'");
  }

  @Test
  void aSyntaxErrorIsNamedByItsPlace() {
    assertProblem("{\"version\":1,\"nextSeq\":1,\"delivered\":{\"a\":1,}}", "at 'delivered.a'");
  }

  @Test
  void somethingAfterTheObjectIsRefused() {
    assertProblem(
        "{\"version\":1,\"nextSeq\":1,\"delivered\":{},\"messages\":[],\"entries\":[]} {}",
        "not the JSON object expected");
    assertProblem("null", "the file holds null");
    assertProblem("[]", "not the JSON object expected");
  }

  private void assertProblem(String queueFile, String problem) {
    CorruptStateException error =
        assertThrows(
            CorruptStateException.class,
            () -> codec.decodeQueue(QUEUE, queueFile.getBytes(StandardCharsets.UTF_8)));
    assertTrue(error.getMessage().startsWith("queue.json is unreadable: "), error.getMessage());
    assertTrue(error.getMessage().contains(problem), error.getMessage());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = StateCodecTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
