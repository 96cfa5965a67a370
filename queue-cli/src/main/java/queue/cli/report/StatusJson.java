package queue.cli.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import queue.core.api.MessageStatus;
import queue.core.api.ProcessorInfo;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.Counts;

/**
 * The document of {@code queue status --json}. Scripts depend on these names: totals, agents,
 * processor.running; the message only with --message. Fields are added, never renamed or removed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusJson(Totals totals, List<AgentRow> agents, Processor processor, MessageJson message) {

  record Totals(long pending, long processing, long delivered, long failed, long scheduled) {
    static Totals of(Counts counts) {
      return new Totals(
          counts.pending(),
          counts.processing(),
          counts.delivered(),
          counts.failed(),
          counts.scheduled());
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record AgentRow(
      String name,
      long pending,
      long processing,
      long delivered,
      long failed,
      long scheduled,
      boolean paused,
      boolean registered,
      String transport,
      Instant lastDeliveredAt,
      String lastError) {
    static AgentRow of(StatusReport.AgentStatus agent) {
      Counts counts = agent.counts();
      return new AgentRow(
          agent.name(),
          counts.pending(),
          counts.processing(),
          counts.delivered(),
          counts.failed(),
          counts.scheduled(),
          agent.paused(),
          agent.registered(),
          agent.transport() == null ? null : agent.transport().label(),
          agent.lastDeliveredAt(),
          agent.lastError());
    }
  }

  /**
   * @param pids the process ids of the running processors (on a shared store, of every host)
   * @param processors each running processor: owner, host, pid, startedAt
   */
  record Processor(boolean running, int count, List<Long> pids, List<ProcessorInfo> processors) {
    static Processor of(List<ProcessorInfo> running) {
      return new Processor(
          !running.isEmpty(),
          running.size(),
          running.stream().map(ProcessorInfo::pid).toList(),
          running);
    }
  }

  record MessageJson(
      String messageId, String sender, Instant createdAt, List<RecipientJson> recipients) {
    static MessageJson of(MessageStatus status) {
      return new MessageJson(
          status.messageId(),
          status.sender(),
          status.createdAt(),
          status.recipients().stream().map(RecipientJson::of).toList());
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record RecipientJson(
      String recipient,
      String entryId,
      String state,
      int attempts,
      String lastError,
      Instant deliveredAt,
      Instant nextAttemptAt) {
    static RecipientJson of(MessageStatus.RecipientState r) {
      return new RecipientJson(
          r.recipient(),
          r.entryId(),
          r.state().name(),
          r.attempts(),
          r.lastError(),
          r.deliveredAt(),
          r.nextAttemptAt());
    }
  }
}
