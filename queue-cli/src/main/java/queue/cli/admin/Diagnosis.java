package queue.cli.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import queue.core.QueueDirectory;
import queue.core.error.QueueBusyException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.EntryState;
import queue.core.model.QueueState;
import queue.core.store.StateCodec;
import queue.core.store.StateFiles;

/**
 * The checks of {@code queue doctor}, in order: lock, leftover temp files (removed), state files
 * and their last good generations, stuck leases, processors, file sizes. It never takes the queue
 * lock except to remove temp files, and only when no one else holds it.
 */
final class Diagnosis {
  private final QueueDirectory queue;
  private final StateFiles files;
  private final List<Finding> findings = new ArrayList<>();

  Diagnosis(QueueDirectory queue) {
    this.queue = queue;
    this.files = queue.store().files();
  }

  record FileSize(String name, long bytes) {}

  record Report(Path directory, List<Finding> findings, List<FileSize> files) {
    long count(Finding.Level level) {
      return findings.stream().filter(f -> f.level() == level).count();
    }
  }

  Report run() {
    boolean lockHeld = checkLock();
    checkTempFiles(lockHeld);
    QueueState state = checkStateFiles();
    boolean processorRunning = checkProcessors();
    if (state != null) {
      checkLeases(state, processorRunning);
    }
    return new Report(files.directory(), List.copyOf(findings), sizes());
  }

  private boolean checkLock() {
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

  private void checkTempFiles(boolean lockHeld) {
    if (lockHeld) {
      int count = files.tempFiles().size();
      if (count > 0) {
        findings.add(
            Finding.warning(
                "temp files",
                count + " temp file(s) while a save holds the lock; not removed",
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

  private QueueState checkStateFiles() {
    StateCodec codec = new StateCodec();
    StateFileCheck<QueueState> queueCheck =
        new StateFileCheck<>(
            files, StateFiles.QUEUE_FILE, codec::decodeQueue, "every queued entry in it is lost");
    StateFileCheck<List<Agent>> agentsCheck =
        new StateFileCheck<>(
            files,
            StateFiles.AGENTS_FILE,
            codec::decodeAgents,
            "register the agents again with 'queue agents add'");
    StateFileCheck.Outcome<QueueState> queueState = queueCheck.parse(StateFiles.QUEUE_FILE);
    StateFileCheck.Outcome<List<Agent>> agents = agentsCheck.parse(StateFiles.AGENTS_FILE);
    if (queueState.corrupt()) {
      findings.add(queueCheck.problem(queueState.error()));
    } else {
      findings.add(
          Finding.ok(
              StateFiles.QUEUE_FILE,
              queueState
                  .value()
                  .map(q -> q.entries().size() + " entries, parses")
                  .orElse("none yet (empty queue)")));
    }
    if (agents.corrupt()) {
      findings.add(agentsCheck.problem(agents.error()));
    } else {
      findings.add(
          Finding.ok(
              StateFiles.AGENTS_FILE,
              agents
                  .value()
                  .map(a -> a.size() + " agents, parses")
                  .orElse("none yet (no agents)")));
    }
    return queueState.corrupt() ? null : queueState.value().orElse(QueueState.EMPTY);
  }

  private boolean checkProcessors() {
    queue.processors().removeStale();
    List<Long> pids = queue.processors().running();
    findings.add(
        pids.isEmpty()
            ? Finding.warning(
                "processor",
                "none running: queued messages wait until one starts",
                "bin/queue-processor --dir " + StateFileCheck.quote(files.directory()))
            : Finding.ok("processor", "running (pid " + pids + ")"));
    return !pids.isEmpty();
  }

  private void checkLeases(QueueState state, boolean processorRunning) {
    Instant now = queue.clock().instant();
    long stuck =
        state.entries().stream()
            .filter(e -> e.state() == EntryState.PROCESSING && e.leaseExpiresAt().isBefore(now))
            .map(Entry::id)
            .count();
    if (stuck == 0) {
      findings.add(Finding.ok("leases", "no expired lease"));
    } else if (processorRunning) {
      findings.add(
          Finding.warning(
              "leases",
              stuck
                  + " PROCESSING entries have an expired lease; the running processor claims"
                  + " them again"));
    } else {
      findings.add(
          Finding.problem(
              "leases",
              stuck + " PROCESSING entries are stuck: their lease expired and no processor runs",
              "bin/queue-processor --dir "
                  + StateFileCheck.quote(files.directory())
                  + "   # claims them again"));
    }
  }

  private List<FileSize> sizes() {
    List<FileSize> sizes = new ArrayList<>();
    for (String name :
        List.of(
            StateFiles.QUEUE_FILE,
            StateFiles.QUEUE_FILE + StateFiles.GENERATION_SUFFIX,
            StateFiles.AGENTS_FILE,
            StateFiles.AGENTS_FILE + StateFiles.GENERATION_SUFFIX)) {
      Path file = files.path(name);
      if (Files.isRegularFile(file)) {
        sizes.add(new FileSize(name, sizeOf(file)));
      }
    }
    Path history = files.path("history");
    if (Files.isDirectory(history)) {
      try (Stream<Path> days = Files.list(history)) {
        sizes.add(new FileSize("history/", days.mapToLong(Diagnosis::sizeOf).sum()));
      } catch (IOException e) {
        sizes.add(new FileSize("history/", -1));
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
