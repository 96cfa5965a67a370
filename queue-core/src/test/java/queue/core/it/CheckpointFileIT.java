package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.DefaultFileOps;
import queue.core.store.CheckpointPolicy;
import queue.core.store.FileStore;
import queue.core.testing.TestAgents;

/**
 * A checkpoint file another live process holds (its OS lock) is a checkpoint under way: it is not
 * removed, by a writer or by {@code doctor}, and no second checkpoint starts beside it. Once that
 * process is killed, the file is a leftover, and the next checkpoint removes it and runs.
 */
class CheckpointFileIT {
  // The fifth record makes the journal due.
  private static final CheckpointPolicy FIVE_RECORDS =
      new CheckpointPolicy(Long.MAX_VALUE, 5, 1000);

  @TempDir Path dir;

  @Test
  void checkpointFileHeldByALiveProcessIsLeftAloneAndRemovedOnceItDies() throws Exception {
    Path held = dir.resolve("queue.json.checkpoint-other");
    try (QueueStore store =
        FileStore.open(
            dir,
            OpenOptions.defaults(Clock.systemUTC())
                .withTimeouts(Duration.ofSeconds(10), Duration.ZERO),
            new DefaultFileOps(),
            FIVE_RECORDS)) {
      store.agents().add(new TestAgents("it").inbox("alice", null, Clock.systemUTC().instant()));
      store.upkeep().checkpoint();
      for (int i = 1; i <= 4; i++) {
        send(store, "m" + i);
      }
      ChildJvm holder = ChildJvm.start(CheckpointHolderMain.class, dir.toString(), "other");
      await().atMost(Duration.ofSeconds(60)).until(() -> holder.lines().contains("locked"));

      send(store, "due");
      store.diagnostics().diagnose();

      assertTrue(Files.exists(held), "a checkpoint under way is not a leftover");
      assertEquals(6, journalLines(), "no second checkpoint beside it");
      holder.kill();
      send(store, "next");
      assertFalse(Files.exists(held), "the dead writer's file is removed");
      assertEquals(1, journalLines(), "folded");
      assertEquals(6, store.reports().status().totals().pending());
    }
  }

  private static void send(QueueStore store, String body) {
    store.sends().send(SendRequest.to(List.of("alice"), "me", body));
  }

  private int journalLines() throws IOException {
    return Files.readAllLines(dir.resolve("queue.json.journal"), StandardCharsets.UTF_8).size();
  }
}
