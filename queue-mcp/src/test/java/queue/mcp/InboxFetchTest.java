package queue.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.inbox.Inbox;

/** {@code fetch_messages} for an inbox agent: the files of {@code new/}, moved to {@code cur/}. */
class InboxFetchTest {
  @TempDir Path inbox;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StdoutReceipts receipts = new StdoutReceipts(stdout, lines -> {});
  private InboxMailbox mailbox;
  private FetchMessagesTool fetch;

  private FetchMessagesTool fetch() {
    if (fetch == null) {
      mailbox = new InboxMailbox(new Inbox(inbox, null));
      fetch = new FetchMessagesTool(mailbox, receipts, Clock.systemUTC(), "a");
    }
    return fetch;
  }

  private InboxMailbox mailbox() {
    fetch();
    return mailbox;
  }

  @AfterEach
  void close() {
    if (mailbox != null) {
      mailbox.close();
    }
  }

  /** Delivers a message file the way the processor does: tmp/, then a rename into new/. */
  private void deliver(String id, String body) throws IOException {
    Files.createDirectories(inbox.resolve("tmp"));
    Files.createDirectories(inbox.resolve("new"));
    Path tmp = inbox.resolve("tmp").resolve(id + ".json");
    Files.writeString(
        tmp,
        "{\"id\":\""
            + id
            + "\",\"messageId\":\"m"
            + id
            + "\",\"from\":\"me\",\"to\":\"a\",\"body\":\""
            + body
            + "\",\"createdAt\":\"2026-03-01T12:00:00Z\",\"attempt\":1}");
    Files.move(tmp, inbox.resolve("new").resolve(id + ".json"));
  }

  private List<String> bodies(CallToolResult result) {
    return PullFetchTest.json(result)
        .get("messages")
        .valueStream()
        .map(m -> m.get("body").asString())
        .toList();
  }

  private void written(CallToolResult result) throws IOException {
    String receipt = (String) result.meta().get(FetchMessagesTool.RECEIPT);
    receipts.write(("{\"r\":\"" + receipt + "\"}\n").getBytes());
    receipts.flush();
  }

  @Test
  void takesTheOldestFilesUpToTheLimitAndMovesThemToCurOnceWritten() throws IOException {
    deliver("0e000002", "two");
    deliver("0e000001", "one");
    deliver("0e000003", "three");

    CallToolResult result = fetch().call(new Arguments(Map.of("limit", 2)));

    assertFalse(result.isError());
    assertEquals(List.of("one", "two"), bodies(result));
    assertFalse(Files.exists(inbox.resolve("cur/0e000001.json")), "not read before it was written");
    assertEquals(List.of("three"), bodies(fetch().call(new Arguments(Map.of()))));

    written(result);

    assertTrue(Files.exists(inbox.resolve("cur/0e000001.json")));
    assertTrue(Files.exists(inbox.resolve("cur/0e000002.json")));
    assertFalse(Files.exists(inbox.resolve("new/0e000001.json")));
  }

  @Test
  void filesNeverWrittenAreGivenBackForTheNextServer() throws IOException {
    deliver("0e000001", "one");
    fetch().call(new Arguments(Map.of()));
    mailbox.close();
    assertTrue(Files.exists(inbox.resolve("new/0e000001.json")));

    mailbox = null;
    fetch = null;
    assertEquals(List.of("one"), bodies(fetch().call(new Arguments(Map.of()))));
  }

  @Test
  void aWaitingFetchIsWokenByADelivery() throws IOException {
    Files.createDirectories(inbox.resolve("new"));
    CompletableFuture<CallToolResult> waiting =
        CompletableFuture.supplyAsync(
            () -> fetch().call(new Arguments(Map.of("wait_seconds", 120))));

    deliver("0e000001", "late");

    assertEquals(List.of("late"), bodies(waiting.orTimeout(60, TimeUnit.SECONDS).join()));
  }

  @Test
  void aFileThatIsNoMessageIsSkippedAndLeftInPlace() throws IOException {
    Files.createDirectories(inbox.resolve("new"));
    Files.writeString(inbox.resolve("new/0e000000.json"), "not json");
    deliver("0e000001", "one");

    assertEquals(List.of("one"), bodies(fetch().call(new Arguments(Map.of()))));
    assertTrue(Files.exists(inbox.resolve("new/0e000000.json")));
  }

  @Test
  void oneAnswerHoldsBodiesOfAtMostAMebibyteInAll() throws IOException {
    String big = "x".repeat(600_000);
    deliver("0e000001", "a" + big);
    deliver("0e000002", "b" + big);

    assertEquals(
        List.of("a" + big),
        bodies(new PeekMessagesTool(mailbox(), "a").call(new Arguments(Map.of()))));
    assertEquals(List.of("a" + big), bodies(fetch().call(new Arguments(Map.of()))));
    assertTrue(Files.exists(inbox.resolve("new/0e000002.json")), "given back, unread");
    assertEquals(List.of("b" + big), bodies(fetch().call(new Arguments(Map.of()))));
  }

  @Test
  void peekShowsTheUnreadFilesAndLeavesThemForTheNextFetch() throws IOException {
    deliver("0e000001", "one");
    deliver("0e000002", "two");

    CallToolResult peeked = new PeekMessagesTool(mailbox(), "a").call(new Arguments(Map.of()));

    assertFalse(peeked.isError());
    assertEquals(List.of("one", "two"), bodies(peeked));
    assertEquals(
        List.of("one"),
        bodies(new PeekMessagesTool(mailbox(), "a").call(new Arguments(Map.of("limit", 1)))));
    assertTrue(Files.exists(inbox.resolve("new/0e000001.json")));
    assertFalse(Files.exists(inbox.resolve("cur")));
    assertEquals(List.of("one", "two"), bodies(fetch().call(new Arguments(Map.of()))));
  }
}
