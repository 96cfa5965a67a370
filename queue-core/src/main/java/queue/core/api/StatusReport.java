package queue.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code queue status}: entries per state now, per agent and in total. {@code
 * delivered} counts every entry ever delivered (retention does not lower it).
 */
public record StatusReport(Counts totals, List<AgentStatus> agents) {

  public StatusReport {
    agents = List.copyOf(agents);
  }

  /**
   * @param pending PENDING entries, scheduled ones included
   * @param scheduled PENDING entries of a scheduled send ({@code --delay}, {@code --at}) whose time
   *     has not come; an entry waiting for a retry is pending, not scheduled
   */
  public record Counts(long pending, long scheduled, long processing, long delivered, long failed) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    /**
     * These counts with every entry ever delivered by the {@code counters} of every agent: counters
     * of agents that were removed and have no entries left still count.
     */
    public Counts withDeliveredOf(Map<String, Long> counters) {
      long all = 0;
      for (long count : counters.values()) {
        all += count;
      }
      return new Counts(pending, scheduled, processing, all, failed);
    }

    public Counts plus(Counts other) {
      return new Counts(
          pending + other.pending,
          scheduled + other.scheduled,
          processing + other.processing,
          delivered + other.delivered,
          failed + other.failed);
    }
  }

  /**
   * One agent, or a recipient that still has entries but is no longer registered.
   *
   * @param transport its transport's label; null when not registered
   * @param groups the groups it is in, sorted by name; empty when none or not registered
   * @param lastDeliveredAt when an entry to it was last delivered, or null
   * @param lastError the last error of its most recent entry that has one, or null
   * @param oldestPendingSince since when its oldest due PENDING entry has waited, or null
   */
  public record AgentStatus(
      String name,
      boolean registered,
      String transport,
      boolean paused,
      List<String> groups,
      Counts counts,
      Instant lastDeliveredAt,
      String lastError,
      Instant oldestPendingSince) {

    public AgentStatus {
      groups = List.copyOf(groups);
    }
  }
}
