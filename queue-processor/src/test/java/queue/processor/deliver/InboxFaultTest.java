package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import queue.core.api.Claim;
import queue.core.files.FaultyFileOps;
import queue.core.files.FaultyFileOps.Step;
import queue.processor.testing.Claims;

/**
 * Inbox writes through the file-ops seam, failed at each step: the attempt is retried, no temp file
 * is left in {@code tmp/}, {@code new/} holds nothing half-written, and the next attempt delivers.
 * A file prepared ahead of its delivery is only renamed by it, and one whose preparation failed is
 * written whole by the delivery.
 */
class InboxFaultTest {
  @TempDir Path data;
  private final FaultyFileOps disk = new FaultyFileOps();

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE", "MOVE"})
  void aFailureBeforeTheRenameLeavesNothingAndTheNextAttemptDelivers(Step step) throws IOException {
    disk.failOnce(step);

    DeliveryResult.Retry retry = assertInstanceOf(DeliveryResult.Retry.class, deliver("whole"));

    assertTrue(retry.error().contains("injected failure at " + step), retry.error());
    assertEquals(List.of(), list("tmp"));
    assertEquals(List.of(), list("new"));
    assertInstanceOf(DeliveryResult.Delivered.class, deliver("whole"));
    assertEquals(List.of(inbox().resolve("new/e-1.json")), list("new"));
    assertTrue(Files.readString(inbox().resolve("new/e-1.json")).contains("\"body\":\"whole\""));
  }

  @Test
  void aFailedSyncAfterTheRenameIsRetriedAndTheRedeliveryIsTheSameFile() throws IOException {
    disk.failOnce(Step.FORCE_DIRECTORY);

    assertInstanceOf(DeliveryResult.Retry.class, deliver("whole"));
    assertInstanceOf(DeliveryResult.Delivered.class, deliver("whole"));

    assertEquals(List.of(), list("tmp"));
    assertEquals(List.of(inbox().resolve("new/e-1.json")), list("new"));
  }

  @Test
  void aPreparedFileIsDeliveredByItsRenameAloneWithoutWritingItAgain() throws IOException {
    InboxDelivery inbox = new InboxDelivery(data, disk);
    Claim claim = claim("whole", 0);

    inbox.prepare(claim, Payload.of(claim));

    assertEquals(List.of(inbox().resolve("tmp/e-1.json")), list("tmp"));
    assertEquals(List.of(), list("new"), "nothing is delivered before the rename");
    assertInstanceOf(
        DeliveryResult.Delivered.class,
        inbox.deliver(claim, Payload.of(claim), Duration.ofSeconds(5)));
    assertEquals(1, disk.calls(Step.WRITE));
    assertEquals(1, disk.calls(Step.FORCE));
    assertEquals(List.of(), list("tmp"));
    assertTrue(Files.readString(inbox().resolve("new/e-1.json")).contains("\"body\":\"whole\""));
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"WRITE", "FORCE"})
  void aPreparationThatFailsLeavesNothingAndTheDeliveryWritesTheFile(Step step) throws IOException {
    InboxDelivery inbox = new InboxDelivery(data, disk);
    Claim claim = claim("whole", 0);
    disk.failOnce(step);

    inbox.prepare(claim, Payload.of(claim));

    assertEquals(List.of(), list("tmp"));
    assertInstanceOf(
        DeliveryResult.Delivered.class,
        inbox.deliver(claim, Payload.of(claim), Duration.ofSeconds(5)));
    assertTrue(Files.readString(inbox().resolve("new/e-1.json")).contains("\"body\":\"whole\""));
  }

  @Test
  void aPreparedFileOfAnotherAttemptIsWrittenAgain() throws IOException {
    InboxDelivery inbox = new InboxDelivery(data, disk);
    Claim first = claim("whole", 0);
    Claim second = claim("whole", 1);
    inbox.prepare(first, Payload.of(first));

    inbox.deliver(second, Payload.of(second), Duration.ofSeconds(5));

    assertTrue(Files.readString(inbox().resolve("new/e-1.json")).contains("\"attempt\":2"));
  }

  @Test
  void aDiscardedPreparationLeavesNoFile() throws IOException {
    InboxDelivery inbox = new InboxDelivery(data, disk);
    Claim claim = claim("whole", 0);
    inbox.prepare(claim, Payload.of(claim));

    inbox.discard(claim);

    assertEquals(List.of(), list("tmp"));
    assertEquals(List.of(), list("new"));
  }

  private static Claim claim(String body, int attemptsSoFar) {
    return Claims.claim(Claims.inbox("alice", null), "e-1", body, attemptsSoFar);
  }

  private DeliveryResult deliver(String body) {
    Claim claim = Claims.claim(Claims.inbox("alice", null), "e-1", body, 0);
    InboxDelivery inbox = new InboxDelivery(data, disk);
    return inbox.deliver(claim, Payload.of(claim), Duration.ofSeconds(5));
  }

  private Path inbox() {
    return data.resolve("inbox/alice");
  }

  private List<Path> list(String dir) throws IOException {
    Path path = inbox().resolve(dir);
    if (!Files.exists(path)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.sorted().toList();
    }
  }
}
