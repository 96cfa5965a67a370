package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.Claim;
import queue.core.files.DefaultFileOps;
import queue.processor.testing.Claims;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InboxDeliveryTest {
  @TempDir Path data;
  @TempDir Path elsewhere;

  @Test
  void writesTheEntryAsOneWholeFileNamedByItsIdInNew() throws IOException {
    Claim claim = Claims.claim(Claims.inbox("alice", null), "e-1", "hello \"world\"", 0);

    assertInstanceOf(DeliveryResult.Delivered.class, deliver(claim));

    Path file = data.resolve("inbox/alice/new/e-1.json");
    JsonNode json = JsonMapper.builder().build().readTree(Files.readAllBytes(file));
    assertEquals("e-1", json.get("id").asString());
    assertEquals("m-e-1", json.get("messageId").asString());
    assertEquals("tester", json.get("from").asString());
    assertEquals("alice", json.get("to").asString());
    assertEquals("hello \"world\"", json.get("body").asString());
    assertEquals("2026-01-01T00:00:00Z", json.get("createdAt").asString());
    assertEquals(1, json.get("attempt").asInt());
    assertEquals(List.of(), list(data.resolve("inbox/alice/tmp")));
  }

  @Test
  void filesAreOwnerOnlyAndDirectoriesToo() throws IOException {
    deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "x", 0));

    assertEquals("rw-------", mode(data.resolve("inbox/alice/new/e-1.json")));
    for (String dir : List.of("inbox", "inbox/alice", "inbox/alice/new", "inbox/alice/tmp")) {
      assertEquals("rwx------", mode(data.resolve(dir)), dir);
    }
  }

  @Test
  void aRedeliveryWritesTheSameFileAgain() throws IOException {
    deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "x", 0));
    assertInstanceOf(
        DeliveryResult.Delivered.class,
        deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "x", 1)));

    assertEquals(
        List.of(data.resolve("inbox/alice/new/e-1.json")), list(data.resolve("inbox/alice/new")));
  }

  @Test
  void aLeftoverTempFileOfACrashedAttemptIsReplaced() throws IOException {
    Path tmp = Files.createDirectories(data.resolve("inbox/alice/tmp"));
    Files.writeString(tmp.resolve("e-1.json"), "half");

    deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "whole", 0));

    assertTrue(Files.readString(data.resolve("inbox/alice/new/e-1.json")).contains("whole"));
    assertFalse(Files.exists(tmp.resolve("e-1.json")));
  }

  @Test
  void anInboxGivenAtRegistrationIsUsedAsIs() throws IOException {
    Path own = elsewhere.resolve("alice-inbox");
    deliver(Claims.claim(Claims.inbox("alice", own.toString()), "e-1", "x", 0));

    assertTrue(Files.exists(own.resolve("new/e-1.json")));
    assertFalse(Files.exists(data.resolve("inbox")));
  }

  @Test
  void refusesADefaultInboxThatASymlinkLeadsOutOfTheDataDirectory() throws IOException {
    Files.createDirectories(data.resolve("inbox"));
    Files.createSymbolicLink(data.resolve("inbox/alice"), elsewhere);

    DeliveryResult result = deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "x", 0));

    DeliveryResult.Permanent refused = assertInstanceOf(DeliveryResult.Permanent.class, result);
    assertTrue(refused.error().contains("outside the data directory"), refused.error());
    assertEquals(List.of(), list(elsewhere.resolve("new")));
    Files.delete(data.resolve("inbox/alice"));
  }

  @Test
  void refusesASymlinkedNewDirectoryToo() throws IOException {
    Files.createDirectories(data.resolve("inbox/alice/tmp"));
    Files.createSymbolicLink(data.resolve("inbox/alice/new"), elsewhere);

    DeliveryResult result = deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "x", 0));

    assertInstanceOf(DeliveryResult.Permanent.class, result);
    assertEquals(List.of(), list(elsewhere));
    Files.delete(data.resolve("inbox/alice/new"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../../../../../../tmp/adv/PWNED", "../x", "sub/x", "/abs"})
  void refusesAnEntryIdThatIsNoPlainFileNameInTheInbox(String id) throws IOException {
    Path own = elsewhere.resolve("a/b/c/alice-inbox");

    for (Claim claim :
        List.of(
            Claims.claim(Claims.inbox("alice", null), id, "x", 0),
            Claims.claim(Claims.inbox("alice", own.toString()), id, "x", 0))) {
      DeliveryResult.Permanent refused =
          assertInstanceOf(DeliveryResult.Permanent.class, deliver(claim));
      assertTrue(refused.error().contains("no plain file name"), refused.error());
    }

    try (Stream<Path> written = Stream.concat(Files.walk(data), Files.walk(elsewhere))) {
      assertEquals(List.of(), written.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsRetried() throws IOException {
    Files.writeString(data.resolve("inbox"), "a file where the inbox directory should be");

    DeliveryResult result = deliver(Claims.claim(Claims.inbox("alice", null), "e-1", "x", 0));

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, result);
    assertTrue(retry.error().contains(data.resolve("inbox/alice").toString()), retry.error());
  }

  private DeliveryResult deliver(Claim claim) {
    InboxDelivery inbox = new InboxDelivery(data, new DefaultFileOps());
    return inbox.deliver(claim, Payload.of(claim), Duration.ofSeconds(5));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
