package queue.core.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.Diagnosis.Size;
import queue.core.api.Diagnostics;
import queue.core.error.IoReasons;
import queue.core.error.QueueBusyException;
import queue.core.model.Agent;
import queue.core.model.QueueState;
import queue.core.store.StateCodec.SavedQueue;
import queue.core.store.StateCodec.Stamped;

/**
 * The file store's checks for {@code queue doctor}, in order: lock, leftover temp files (removed),
 * state files and their last good generations, the journal, file sizes. It never takes the queue
 * lock except to remove temp files, and only when no one else holds it.
 */
final class FileDiagnostics implements Diagnostics {
  private final StateFiles files;
  private final FileLiveness liveness;

  FileDiagnostics(StateFiles files, FileLiveness liveness) {
    this.files = files;
    this.liveness = liveness;
  }

  @Override
  public Diagnosis diagnose() {
    List<Finding> findings = new ArrayList<>();
    boolean lockHeld = checkLock(findings);
    checkTempFiles(lockHeld, findings);
    checkStateFiles(findings);
    checkDisk(findings);
    liveness.removeStale();
    return new Diagnosis(findings, sizes());
  }

  private boolean checkLock(List<Finding> findings) {
    boolean held = files.isLockHeldElsewhere();
    OptionalLong pid = files.lockHolderPid();
    String holder = pid.isPresent() ? "pid " + pid.getAsLong() : "an unknown process";
    findings.add(
        held
            ? Finding.warning(
                "lock",
                "held now by " + holder + ": a save in progress, or a stuck holder if it stays",
                "if it stays held, look at that process: ps -p "
                    + (pid.isPresent() ? pid.getAsLong() : "PID"))
            : Finding.ok(
                "lock",
                "free" + (pid.isPresent() ? " (last holder pid " + pid.getAsLong() + ")" : "")));
    return held;
  }

  private void checkTempFiles(boolean lockHeld, List<Finding> findings) {
    if (lockHeld) {
      int count = files.tempFiles().size();
      if (count > 0) {
        findings.add(
            Finding.warning(
                "temp files",
                count
                    + " temp "
                    + (count == 1 ? "file" : "files")
                    + " while a save holds the lock;"
                    + " not removed",
                "queue doctor   # again later"));
      }
      return;
    }
    try {
      int removed = files.removeTempFiles();
      findings.add(
          Finding.ok(
              "temp files",
              removed == 0 ? "none left over" : "removed " + removed + " left over by a crash"));
    } catch (QueueBusyException e) {
      findings.add(Finding.warning("temp files", "not checked: " + e.getMessage(), "queue doctor"));
    }
  }

  private void checkStateFiles(List<Finding> findings) {
    StateCodec codec = new StateCodec();
    JournalCheck journalCheck = new JournalCheck(files, codec);
    StateFileCheck<SavedQueue> queueCheck =
        new StateFileCheck<>(
            files,
            StateFiles.QUEUE_FILE,
            (file, bytes) -> new Stamped<>(codec.decodeSaved(file, bytes), 0),
            "every queued entry in it is lost",
            saved -> journalCheck.afterRestoring(saved == null ? 0 : saved.journal()));
    StateFileCheck<List<Agent>> agentsCheck =
        new StateFileCheck<>(
            files,
            StateFiles.AGENTS_FILE,
            codec::decodeAgents,
            "register the agents again with 'queue agents add'",
            agents -> new JournalCheck.WayBack("it lacks only the last change", List.of()));
    StateFileCheck.Outcome<SavedQueue> queue = queueCheck.parse(StateFiles.QUEUE_FILE);
    StateFileCheck.Outcome<List<Agent>> agents = agentsCheck.parse(StateFiles.AGENTS_FILE);
    findings.add(
        queue.corrupt()
            ? queueCheck.problem(queue.error())
            : Finding.ok(
                StateFiles.QUEUE_FILE,
                queue
                    .value()
                    .map(
                        q ->
                            count(q.queue().entries().size(), "entry", "entries")
                                + " as of its last checkpoint, parses")
                    .orElse("none yet (empty queue)")));
    if (!queue.corrupt()) {
      findings.add(
          journalCheck.check(queue.value().orElse(new SavedQueue(QueueState.EMPTY, 0, 0))));
    }
    findings.add(
        agents.corrupt()
            ? agentsCheck.problem(agents.error())
            : Finding.ok(
                StateFiles.AGENTS_FILE,
                agents
                    .value()
                    .map(a -> count(a.size(), "agent", "agents") + ", parses")
                    .orElse("none yet (no agents)")));
  }

  // A save needs to create, write and fsync a temp file: try exactly that.
  private void checkDisk(List<Finding> findings) {
    try {
      files.probeWrite();
      findings.add(Finding.ok("disk", "writable" + freeSpace()));
    } catch (AccessDeniedException e) {
      findings.add(
          Finding.warning(
              "disk",
              "this user cannot write in " + files.directory() + ": commands that write will fail",
              "run them as the directory's owner"));
    } catch (IOException e) {
      String reason = IoReasons.of(e);
      String fix =
          reason.contains("read-only")
              ? "remount the file system read-write (mount -o remount,rw), or move the queue"
              : reason.contains("space") || reason.contains("quota")
                  ? "free some space on the disk of " + files.directory()
                  : "look at the disk and the permissions of " + files.directory();
      findings.add(
          Finding.problem(
              "disk", "a save cannot write in " + files.directory() + ": " + reason, fix));
    }
  }

  private String freeSpace() {
    try {
      long free = Files.getFileStore(files.directory()).getUsableSpace();
      return ", " + (free >> 20) + " MiB free";
    } catch (IOException e) {
      return "";
    }
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private List<Size> sizes() {
    List<Size> sizes = new ArrayList<>();
    for (String name :
        List.of(
            StateFiles.QUEUE_FILE,
            StateFiles.QUEUE_FILE + StateFiles.GENERATION_SUFFIX,
            Journal.NAME,
            Journal.NAME + StateFiles.GENERATION_SUFFIX,
            StateFiles.AGENTS_FILE,
            StateFiles.AGENTS_FILE + StateFiles.GENERATION_SUFFIX)) {
      Path file = files.path(name);
      if (Files.isRegularFile(file)) {
        sizes.add(new Size(name, sizeOf(file)));
      }
    }
    Path history = files.path("history");
    if (Files.isDirectory(history)) {
      try (Stream<Path> days = Files.list(history)) {
        sizes.add(new Size("history/", days.mapToLong(FileDiagnostics::sizeOf).sum()));
      } catch (IOException e) {
        sizes.add(new Size("history/", -1));
      }
    }
    return sizes;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
