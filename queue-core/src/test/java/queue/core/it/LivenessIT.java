package queue.core.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.OpenOptions;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.store.FileStore;

/** Liveness on a file store: a processor killed with SIGKILL is no longer running, at once. */
class LivenessIT {
  @TempDir Path dir;

  @Test
  void processorIsRunningUntilItsProcessIsKilledOrItEnds() throws Exception {
    OpenOptions options = OpenOptions.defaults(Clock.systemUTC());
    try (QueueStore store = FileStore.open(dir, options)) {
      ChildJvm killed = ChildJvm.start(ProcessorMarkMain.class, dir.toString(), "killed");
      ChildJvm ending = ChildJvm.start(ProcessorMarkMain.class, dir.toString(), "ending");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !killed.lines().isEmpty() && !ending.lines().isEmpty());

      assertEquals(List.of("ending", "killed"), owners(store).stream().sorted().toList());
      assertEquals(killed.process().pid(), pidOf(store, "killed"));

      killed.kill();
      assertEquals(List.of("ending"), owners(store));

      ending.closeStdin();
      assertEquals(0, ending.awaitExit());
      assertEquals(List.of(), owners(store));
    }
  }

  private static List<String> owners(QueueStore store) {
    return store.liveness().running().stream().map(ProcessorInfo::owner).toList();
  }

  private static long pidOf(QueueStore store, String owner) {
    return store.liveness().running().stream()
        .filter(p -> p.owner().equals(owner))
        .findFirst()
        .orElseThrow()
        .pid();
  }
}
