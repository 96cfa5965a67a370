package queue.core.status;

import java.util.List;

/**
 * The answer of {@code queue status}: entries per state now, per agent and in total. {@code
 * delivered} counts every entry ever delivered (retention does not lower it).
 *
 * @param message the per-recipient states of one message, or null when none was asked for
 */
public record StatusReport(
    Counts totals, List<AgentCounts> agents, ProcessorStatus processor, MessageStatus message) {

  public StatusReport {
    agents = List.copyOf(agents);
  }

  public record Counts(long pending, long processing, long delivered, long failed) {}

  /**
   * @param registered false for a recipient that still has entries but is no longer registered
   */
  public record AgentCounts(
      String name,
      long pending,
      long processing,
      long delivered,
      long failed,
      boolean registered) {}

  public record ProcessorStatus(boolean running, List<Long> pids) {
    public ProcessorStatus {
      pids = List.copyOf(pids);
    }
  }

  public StatusReport withMessage(MessageStatus status) {
    return new StatusReport(totals, agents, processor, status);
  }
}
