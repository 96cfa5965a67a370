package queue.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.QueueStore;
import tools.jackson.databind.JsonNode;

/** queue inbox: an inbox agent's files, delivered here the way the processor delivers them. */
class InboxCommandTest {
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void registerAgents() {
    cli = Cli.onFiles(dir);
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "worker", "--pull");
  }

  private Path inbox(String part) {
    return dir.resolve("inbox/alice").resolve(part);
  }

  /** Sends each body to alice and delivers it into her inbox: tmp/ID.json, then new/ID.json. */
  private void deliver(String... bodies) throws IOException {
    for (String body : bodies) {
      cli.run("send", "--to", "alice", "--from", "ci", body);
    }
    try (QueueStore store = cli.store()) {
      InboxWriter.deliverAll(store, dir);
    }
  }

  private List<String> names(String part) throws IOException {
    if (!Files.isDirectory(inbox(part))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(inbox(part))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void printsUnreadMessagesOldestFirstAndLeavesThemUnread() throws Exception {
    deliver("one", "two\nlines", "three");
    Cli.Result result = cli.run("inbox", "alice");
    assertEquals(0, result.exit(), result.toString());
    List<String> lines = result.out().lines().toList();
    assertTrue(lines.get(0).matches("[0-9a-z]{8}  \\d{4}-.*Z  from ci"), result.out());
    assertEquals(List.of("  one"), lines.subList(1, 2));
    assertEquals(List.of("  two", "  lines"), lines.subList(3, 5));
    assertEquals("  three", lines.get(6));
    assertEquals(3, names("new").size(), "without --ack they stay unread");
  }

  @Test
  void jsonIsOneDocumentPerMessagePerLineInDeliveryOrder() throws Exception {
    deliver("a", "b", "c");
    List<JsonNode> messages = cli.run("inbox", "alice", "--json").jsonLines();
    assertEquals(
        List.of("a", "b", "c"), messages.stream().map(m -> m.get("body").asString()).toList());
    List<String> ids = messages.stream().map(m -> m.get("id").asString()).toList();
    assertEquals(ids.stream().sorted().toList(), ids, "ids sort in delivery order");
    assertEquals("alice", messages.get(0).get("to").asString());
  }

  @Test
  void ackMovesExactlyWhatWasPrintedIntoCur() throws Exception {
    deliver("a", "b", "c");
    List<String> unread = names("new");
    Cli.Result first = cli.run("inbox", "alice", "--ack", "--limit", "1", "--json");
    assertEquals("a", first.jsonLines().get(0).get("body").asString());
    assertEquals(List.of(unread.get(0)), names("cur"));
    assertEquals(unread.subList(1, 3), names("new"));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(inbox("cur"))),
        "cur/ is made like every directory of the queue");

    cli.run("inbox", "alice", "--ack");
    assertEquals(unread, names("cur"));
    assertEquals(List.of(), names("new"));
    assertEquals("", cli.run("inbox", "alice").out(), "nothing unread");
  }

  @Test
  void aFailedWriteAcknowledgesNothing() throws Exception {
    deliver("a");
    Cli.Result broken =
        cli.stdout(
                new java.io.Writer() {
                  @Override
                  public void write(char[] buffer, int offset, int length) throws IOException {
                    throw new IOException("Broken pipe");
                  }

                  @Override
                  public void flush() throws IOException {
                    throw new IOException("Broken pipe");
                  }

                  @Override
                  public void close() {}
                })
            .run("inbox", "alice", "--ack");
    cli.stdout(null);
    assertEquals(1, broken.exit(), broken.toString());
    assertEquals(1, names("new").size());
    assertEquals(List.of(), names("cur"));
  }

  @Test
  void followPrintsNewArrivalsUntilInterrupted() throws Exception {
    deliver("before");
    StringWriter out = new StringWriter();
    Cli follower = Cli.onFiles(dir).stdout(out);
    AtomicReference<Cli.Result> result = new AtomicReference<>();
    Thread thread =
        new Thread(() -> result.set(follower.run("inbox", "alice", "--follow", "--ack")));
    thread.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("  before"));
    deliver("after");
    await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("  after"));
    thread.interrupt();
    thread.join();
    assertEquals(130, result.get().exit(), result.get().toString());
    assertEquals(2, names("cur").size());
  }

  @Test
  void aMessageFileThatIsNoMessageIsSkippedWithAWarning() throws Exception {
    deliver("good");
    Files.writeString(inbox("new").resolve("0000000a.json"), "{not json");
    Cli.Result result = cli.run("inbox", "alice", "--ack");
    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.out().contains("  good"), result.out());
    assertTrue(result.err().contains("0000000a.json: it is not a queue message"), result.err());
    assertTrue(Files.exists(inbox("new").resolve("0000000a.json")), "left where it is");
  }

  @Test
  void aMessageTakenByAReaderThatDiedIsGivenBackAndPrintedInItsPlace() throws Exception {
    deliver("a", "b");
    List<String> unread = names("new");
    // No process has a pid over pid_max (at most 2^22 on Linux).
    Files.move(
        inbox("new").resolve(unread.get(0)),
        inbox("new").resolve("." + unread.get(0) + ".taken-999999999-1"));

    Cli.Result result = cli.run("inbox", "alice", "--ack", "--json");

    assertEquals(0, result.exit(), result.toString());
    assertEquals(
        List.of("a", "b"), result.jsonLines().stream().map(m -> m.get("body").asString()).toList());
    assertEquals(unread, names("cur"));
    assertEquals(List.of(), names("new"));
  }

  @Test
  void aMessageTakenByAReaderStillRunningIsLeftToIt() throws Exception {
    deliver("a", "b");
    List<String> unread = names("new");
    ProcessHandle reader = ProcessHandle.of(1).orElseThrow();
    String owner =
        reader.pid() + "-" + reader.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    String taken = "." + unread.get(0) + ".taken-" + owner;
    Files.move(inbox("new").resolve(unread.get(0)), inbox("new").resolve(taken));

    Cli.Result result = cli.run("inbox", "alice", "--ack", "--json");

    assertEquals(
        List.of("b"), result.jsonLines().stream().map(m -> m.get("body").asString()).toList());
    assertEquals(List.of(taken), names("new"));
    assertEquals(List.of("", ""), List.of(cli.run("inbox", "alice").out(), result.err()));
  }

  @Test
  void onlyAnInboxAgentHasAnInbox() {
    assertRefused(cli.run("inbox", "worker"), "'queue inbox' is for inbox agents");
    assertRefused(cli.run("inbox", "worker"), "queue receive worker");
    assertRefused(cli.run("inbox", "ghost"), "unknown agent ghost");
    assertRefused(cli.run("inbox", "alice", "--limit", "-2"), "--limit");
    assertFalse(Files.exists(inbox("new")), "nothing is created");
  }

  @Test
  void anInboxNothingWasDeliveredToYetIsEmpty() {
    Cli.Result result = cli.run("inbox", "alice", "--json");
    assertEquals(0, result.exit(), result.toString());
    assertEquals("", result.out());
  }
}
