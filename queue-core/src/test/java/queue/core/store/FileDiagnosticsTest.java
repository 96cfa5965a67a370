package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.Diagnosis.Level;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/** The file store's own checks, for {@code queue doctor}: they report, they never throw. */
class FileDiagnosticsTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  private QueueStore queueWithTwoSaves() {
    QueueStore store = StoreFiles.open(dir, clock);
    StoreFiles.register(store, clock, "alice");
    store.sends().send(SendRequest.to(List.of("alice"), "me", "one"));
    store.sends().send(SendRequest.to(List.of("alice"), "me", "two"));
    return store;
  }

  @Test
  void healthyStoreHasNoProblemAndReportsItsFileSizes() {
    try (QueueStore store = queueWithTwoSaves()) {
      Diagnosis diagnosis = store.diagnostics().diagnose();

      assertTrue(
          diagnosis.findings().stream().allMatch(f -> f.level() == Level.OK), diagnosis.toString());
      assertTrue(
          diagnosis.sizes().stream().anyMatch(s -> s.name().equals("queue.json") && s.bytes() > 0));
    }
  }

  @Test
  void damagedQueueFileIsAProblemWithTheWayBackFromItsLastGoodGeneration() throws IOException {
    try (QueueStore store = queueWithTwoSaves()) {
      Files.writeString(dir.resolve("queue.json"), "{\"version\":1,");

      Diagnosis diagnosis = store.diagnostics().diagnose();

      Finding queue = finding(diagnosis, "queue.json");
      assertEquals(Level.PROBLEM, queue.level());
      assertTrue(queue.message().contains("queue.json.1"), queue.message());
      assertTrue(
          queue.fix().stream().anyMatch(step -> step.contains("queue.json.1")),
          queue.fix().toString());
    }
  }

  @Test
  void leftoverTempFilesAreRemovedWhenNoOneHoldsTheLock() throws IOException {
    try (QueueStore store = queueWithTwoSaves();
        LogCapture log = LogCapture.of(TempFiles.class)) {
      Files.writeString(dir.resolve("queue.json.tmp-crashed"), "{");

      Finding temp = finding(store.diagnostics().diagnose(), "temp files");

      assertTrue(temp.message().contains("removed 1"), temp.message());
      assertFalse(Files.exists(dir.resolve("queue.json.tmp-crashed")));
      assertEquals(1, log.events().size(), log.events().toString());
    }
  }

  private static Finding finding(Diagnosis diagnosis, String check) {
    return diagnosis.findings().stream()
        .filter(f -> f.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " in " + diagnosis));
  }
}
