package queue.cli.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.Diagnosis.Level;
import queue.core.api.EntryView;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.error.QueueException;
import queue.core.model.EntryState;

/**
 * The checks of {@code queue doctor}: the store's own (its files or its database), then what every
 * store shares: running processors and stuck leases. A store that cannot be read is reported as a
 * problem, not thrown: doctor is how a person finds out what is wrong.
 */
final class Checkup {
  private final QueueStore store;
  private final Instant now;

  Checkup(QueueStore store, Instant now) {
    this.store = store;
    this.now = now;
  }

  /** What was found, in the order it was checked. */
  record Report(String location, List<Finding> findings, List<Diagnosis.Size> sizes) {
    long count(Level level) {
      return findings.stream().filter(f -> f.level() == level).count();
    }
  }

  Report run() {
    Diagnosis own = store.diagnostics().diagnose();
    List<Finding> findings = new ArrayList<>(own.findings());
    boolean readable = own.findings().stream().noneMatch(f -> f.level() == Level.PROBLEM);
    boolean running = checkProcessors(findings);
    if (readable) {
      checkLeases(findings, running);
    }
    return new Report(store.location(), findings, own.sizes());
  }

  private boolean checkProcessors(List<Finding> findings) {
    List<ProcessorInfo> processors = store.liveness().running();
    if (processors.isEmpty()) {
      findings.add(
          Finding.warning(
              "processor",
              "none running: queued messages wait until one starts",
              "queue-processor --store " + quote(store.location())));
      return false;
    }
    List<String> described = processors.stream().map(Checkup::describe).toList();
    findings.add(Finding.ok("processor", "running: " + String.join(", ", described)));
    return true;
  }

  private static String describe(ProcessorInfo p) {
    return "pid " + p.pid() + (p.host() == null ? "" : " on " + p.host());
  }

  private void checkLeases(List<Finding> findings, boolean processorRunning) {
    long stuck;
    try {
      stuck =
          store.reports().list(EntryState.PROCESSING, null, 0).stream()
              .map(EntryView::entry)
              .filter(e -> e.leaseExpiresAt().isBefore(now))
              .count();
    } catch (QueueException e) {
      findings.add(Finding.problem("leases", "not checked: " + e.getMessage()));
      return;
    }
    String entries = stuck == 1 ? "1 PROCESSING entry has" : stuck + " PROCESSING entries have";
    if (stuck == 0) {
      findings.add(Finding.ok("leases", "no expired lease"));
    } else if (processorRunning) {
      findings.add(
          Finding.warning(
              "leases", entries + " an expired lease; the running processor claims them again"));
    } else {
      findings.add(
          Finding.problem(
              "leases",
              entries + " an expired lease and no processor runs: they are stuck",
              "queue-processor --store " + quote(store.location()) + "   # claims them again"));
    }
  }

  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
