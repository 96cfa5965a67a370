package queue.core.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.MessageStatus;
import queue.core.api.ProcessorInfo;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.Counts;

/**
 * The document of {@code queue status --json}, also served by the processor's {@code /api/status}.
 * Scripts depend on these names: totals, agents, processor.running; the message only with {@code
 * --message}. Fields are added, never renamed or removed.
 *
 * <p>Each record says how its nulls are written, so every mapper of the product writes the same
 * document: an agent's or a recipient's empty field is written as null, so a script sees every
 * field of the schema; the message is left out when none was asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDocument(
    Totals totals, List<AgentRow> agents, Processor processor, MessageRow message) {

  /**
   * The document of a status report, the processors running now and, when asked for, one message.
   *
   * @param message null for none
   */
  public static StatusDocument of(
      StatusReport report, List<ProcessorInfo> running, MessageStatus message) {
    List<AgentRow> agents = new ArrayList<>(report.agents().size());
    for (StatusReport.AgentStatus agent : report.agents()) {
      agents.add(AgentRow.of(agent));
    }
    return new StatusDocument(
        Totals.of(report.totals()),
        List.copyOf(agents),
        Processor.of(running),
        message == null ? null : MessageRow.of(message));
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Totals(long pending, long processing, long delivered, long failed, long scheduled) {
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
  public record AgentRow(
      String name,
      long pending,
      long processing,
      long delivered,
      long failed,
      long scheduled,
      boolean paused,
      boolean registered,
      String transport,
      List<String> groups,
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
          agent.transport(),
          agent.groups(),
          agent.lastDeliveredAt(),
          agent.lastError());
    }
  }

  /**
   * @param pids the process ids of the running processors (on a shared store, of every host)
   * @param processors each running processor: owner, host, pid, startedAt
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Processor(
      boolean running, int count, List<Long> pids, List<ProcessorInfo> processors) {
    static Processor of(List<ProcessorInfo> running) {
      List<Long> pids = new ArrayList<>(running.size());
      for (ProcessorInfo processor : running) {
        pids.add(processor.pid());
      }
      return new Processor(!running.isEmpty(), running.size(), List.copyOf(pids), running);
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MessageRow(
      String messageId, String sender, Instant createdAt, List<RecipientRow> recipients) {
    static MessageRow of(MessageStatus status) {
      return new MessageRow(
          status.messageId(),
          status.sender(),
          status.createdAt(),
          status.recipients().stream().map(RecipientRow::of).toList());
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RecipientRow(
      String recipient,
      String entryId,
      String state,
      int attempts,
      String lastError,
      Instant deliveredAt,
      Instant nextAttemptAt) {
    static RecipientRow of(MessageStatus.RecipientState r) {
      return new RecipientRow(
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
