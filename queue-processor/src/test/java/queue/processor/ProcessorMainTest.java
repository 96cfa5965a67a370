package queue.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import queue.core.QueueDirectory;
import queue.core.model.EntryState;
import queue.core.send.SendRequest;
import queue.core.store.QueueStore.Result;

class ProcessorMainTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  @Test
  void onceDeliversWhatIsDueAndExitsZero() {
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(5), Clock.systemUTC());
    queue.agents().addInbox("alice", null);
    queue.sender(1024).send(SendRequest.to(List.of("alice"), "me", "hi"));

    assertEquals(0, run(Map.of("QUEUE_DIR", dir.toString()), "--once"));

    assertEquals(EntryState.DELIVERED, queue.store().read().queue().entries().get(0).state());
    assertEquals(List.of(), queue.processors().running());
  }

  @Test
  void badOptionsExitTwoWithAMessage() {
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--workers", "0"));
    assertTrue(err.toString().contains("--workers must be at least 1"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--lease", "soon"));
    assertTrue(err.toString().contains("invalid duration 'soon'"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--lease", "500ms"));
    assertTrue(err.toString().contains("--lease 500ms is too short"), err.toString());
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--workers", "1000"));
    assertEquals(2, run(Map.of(), "--dir", dir.toString(), "--max-attempts", "0"));
    assertEquals(2, run(Map.of(), "--no-such-option"));
  }

  @Test
  void aCorruptQueueFileExitsFour() throws Exception {
    Files.writeString(dir.resolve("queue.json"), "{not json");

    assertEquals(4, run(Map.of(), "--dir", dir.toString(), "--once"));
    assertTrue(err.toString().contains("queue.json"), err.toString());
  }

  @Test
  void aQueueLockHeldTooLongExitsThree() throws Exception {
    QueueDirectory queue = QueueDirectory.open(dir, Duration.ofSeconds(5), Clock.systemUTC());
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                queue
                    .store()
                    .update(
                        current -> {
                          held.countDown();
                          awaitQuietly(release);
                          return Result.unchanged(current, null);
                        }));
    holder.start();
    held.await();
    try {
      assertEquals(3, run(Map.of(), "--dir", dir.toString(), "--once", "--lock-timeout", "200ms"));
      assertTrue(err.toString().contains("busy"), err.toString());
    } finally {
      release.countDown();
      holder.join();
    }
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine command =
        ProcessorMain.commandLine(new ProcessorMain(environment, Clock.systemUTC(), null));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
