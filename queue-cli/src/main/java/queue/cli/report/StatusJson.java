package queue.cli.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import queue.core.status.MessageStatus;
import queue.core.status.StatusReport;

/**
 * The document of {@code queue status --json}. Scripts depend on these names: totals, agents,
 * processor.running; the message only with --message.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusJson(Totals totals, List<AgentRow> agents, Processor processor, MessageJson message) {

  record Totals(long pending, long processing, long delivered, long failed) {}

  record AgentRow(
      String name, long pending, long processing, long delivered, long failed, boolean registered) {
    static AgentRow of(StatusReport.AgentCounts counts) {
      return new AgentRow(
          counts.name(),
          counts.pending(),
          counts.processing(),
          counts.delivered(),
          counts.failed(),
          counts.registered());
    }
  }

  record Processor(boolean running, List<Long> pids) {}

  record MessageJson(
      String messageId, String sender, String createdAt, List<RecipientJson> recipients) {
    static MessageJson of(MessageStatus status) {
      return new MessageJson(
          status.messageId(),
          status.sender(),
          status.createdAt().toString(),
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
      String deliveredAt) {
    static RecipientJson of(MessageStatus.RecipientState r) {
      return new RecipientJson(
          r.recipient(),
          r.entryId(),
          r.state().name(),
          r.attempts(),
          r.lastError(),
          r.deliveredAt() == null ? null : r.deliveredAt().toString());
    }
  }
}
