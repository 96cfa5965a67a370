package queue.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.Diagnosis.Level;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.files.HoldingFileOps;
import queue.core.testing.LogCapture;
import queue.core.testing.MutableClock;

/** The file store's own checks, for {@code queue doctor}: they report, they never throw. */
class FileDiagnosticsTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  // "one" is in queue.json (checkpointed: queue.json.1 and the journal's generation exist),
  // "two" and "three" are records in the journal.
  private QueueStore queueWithTwoSaves() {
    QueueStore store = StoreFiles.open(dir, clock);
    StoreFiles.register(store, clock, "alice");
    store.sends().send(SendRequest.to(List.of("alice"), "me", "one"));
    store.upkeep().checkpoint();
    store.sends().send(SendRequest.to(List.of("alice"), "me", "two"));
    store.sends().send(SendRequest.to(List.of("alice"), "me", "three"));
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
  void wayBackFromADamagedQueueFileLosesNothingWhenTheJournalsGenerationHoldsTheChangesBetween()
      throws Exception {
    try (QueueStore store = queueWithTwoSaves()) {
      Files.writeString(dir.resolve("queue.json"), "{\"version\":1,");

      Finding queue = finding(store.diagnostics().diagnose(), "queue.json");
      assertTrue(queue.message().contains("nothing is lost"), queue.message());
      runShellSteps(queue.fix());

      assertEquals(List.of("one", "two", "three"), StoreFiles.bodies(StoreFiles.open(dir, clock)));
      assertAllOk(StoreFiles.open(dir, clock).diagnostics().diagnose());
    }
  }

  // A checkpoint carried records appended while it was written: the generations queue.json.1 and
  // queue.json.journal.1 overlap the journal by those, and the way back takes each once.
  @Test
  void wayBackFromADamagedQueueFileTakesTheRecordsACheckpointCarriedOnce() throws Exception {
    HoldingFileOps held = HoldingFileOps.ofFilesNamed(".checkpoint-");
    try (QueueStore writer =
            StoreFiles.open(dir, clock, held, LockFreeCheckpointTest.FIVE_RECORDS);
        QueueStore other = StoreFiles.open(dir, clock)) {
      List<String> sent = LockFreeCheckpointTest.fourRecordsAfterACheckpoint(writer, other);
      CompletableFuture<Void> due =
          CompletableFuture.runAsync(() -> LockFreeCheckpointTest.send(writer, "due"));
      held.awaitHolding();
      LockFreeCheckpointTest.send(other, "carried 1");
      LockFreeCheckpointTest.send(other, "carried 2");
      held.release();
      due.get(30, TimeUnit.SECONDS);
      LockFreeCheckpointTest.send(other, "after");
      sent.addAll(List.of("due", "carried 1", "carried 2", "after"));
      assertAllOk(other.diagnostics().diagnose());

      Files.writeString(dir.resolve("queue.json"), "{\"version\":1,");
      Finding queue = finding(other.diagnostics().diagnose(), "queue.json");
      assertTrue(queue.message().contains("nothing is lost"), queue.message());
      runShellSteps(queue.fix());

      assertEquals(sent, StoreFiles.bodies(StoreFiles.open(dir, clock)));
      assertAllOk(StoreFiles.open(dir, clock).diagnostics().diagnose());
    }
  }

  @Test
  void damagedJournalRecordIsAProblemWhoseWayBackCutsItAndTheRecordsAfterIt() throws Exception {
    try (QueueStore store = queueWithTwoSaves()) {
      Path journal = dir.resolve(Journal.NAME);
      List<String> lines = StoreFiles.journalLines(dir);
      String two = lines.get(1);
      Files.writeString(
          journal,
          String.join("\n", lines).replace(two, two.replace("two", "twO")) + "\n",
          StandardCharsets.UTF_8);

      Finding finding = finding(store.diagnostics().diagnose(), JournalCheck.CHECK);

      assertEquals(Level.PROBLEM, finding.level());
      String number = two.substring(0, two.indexOf(' '));
      assertTrue(finding.message().contains("(record " + number + ")"), finding.message());
      assertTrue(finding.message().contains("and the 1 after it"), finding.message());
      runShellSteps(finding.fix());
      assertEquals(List.of("one"), StoreFiles.bodies(StoreFiles.open(dir, clock)));
      assertAllOk(StoreFiles.open(dir, clock).diagnostics().diagnose());
    }
  }

  // queue.json put back from an older copy: the journal starts after it. Its generation holds
  // the changes in between.
  @Test
  void journalThatStartsAfterQueueFileIsAProblemWithTheWayBack() throws Exception {
    try (QueueStore store = queueWithTwoSaves()) {
      Files.copy(
          dir.resolve("queue.json.1"),
          dir.resolve("queue.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      Finding finding = finding(store.diagnostics().diagnose(), JournalCheck.CHECK);

      assertEquals(Level.PROBLEM, finding.level());
      assertTrue(finding.message().contains("changes in between are missing"), finding.message());
      runShellSteps(finding.fix());
      assertEquals(List.of("one", "two", "three"), StoreFiles.bodies(StoreFiles.open(dir, clock)));
    }
  }

  private static void assertAllOk(Diagnosis diagnosis) {
    assertTrue(
        diagnosis.findings().stream()
            .filter(f -> !f.check().equals("disk"))
            .allMatch(f -> f.level() == Level.OK),
        diagnosis.toString());
  }

  // The steps a person would type: every one that is a command, run by a shell in the directory.
  private void runShellSteps(List<String> steps) throws Exception {
    for (String step : steps) {
      if (step.startsWith("stop ") || step.startsWith("queue doctor")) {
        continue;
      }
      Process shell =
          new ProcessBuilder("bash", "-c", step).directory(dir.toFile()).inheritIO().start();
      assertEquals(0, shell.waitFor(), step);
    }
  }

  @Test
  void leftoverCheckpointFileIsRemovedWhenNoLiveWriterHoldsIt() throws IOException {
    try (QueueStore store = queueWithTwoSaves();
        LogCapture log = LogCapture.of(CheckpointFiles.class)) {
      Files.writeString(dir.resolve("queue.json.checkpoint-crashed"), "{");

      Finding temp = finding(store.diagnostics().diagnose(), "temp files");

      assertTrue(temp.message().contains("removed 1"), temp.message());
      assertFalse(Files.exists(dir.resolve("queue.json.checkpoint-crashed")));
      assertEquals(1, log.events().size(), log.events().toString());
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
