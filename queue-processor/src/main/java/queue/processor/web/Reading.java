package queue.processor.web;

import java.time.Instant;
import java.util.List;
import queue.core.api.MessageStatus;
import queue.core.api.ProcessorInfo;
import queue.core.api.StatusReport;

/**
 * One read of the store for the page, the metrics and the health check: the status, the running
 * processors and the latest messages, or why the store could not be read.
 *
 * @param report null when the read failed
 * @param failure why the read failed, or null
 */
record Reading(
    Instant at,
    StatusReport report,
    List<ProcessorInfo> processors,
    List<MessageStatus> recent,
    String failure) {

  static Reading failed(Instant at, String failure) {
    return new Reading(at, null, List.of(), List.of(), failure);
  }

  boolean ok() {
    return failure == null;
  }

  /** Entries due or in flight: PENDING that are not scheduled, and PROCESSING. */
  long backlog() {
    StatusReport.Counts totals = report.totals();
    return totals.pending() - totals.scheduled() + totals.processing();
  }
}
