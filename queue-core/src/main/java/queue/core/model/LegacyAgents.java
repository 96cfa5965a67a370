package queue.core.model;

import java.util.List;

/**
 * Agents as {@code agents.json} version 1 and exports before targets wrote them: the transport's
 * fields and the delivery settings beside the agent's name. They read as agents today: those fields
 * become the agent's {@link Target}, and an inbox agent is pinned to the host it was registered on,
 * as it was then.
 */
public final class LegacyAgents {
  /** The fields an agent had before targets, which are its target's now, under the same names. */
  public static final List<String> TARGET_FIELDS =
      List.of("inbox", "url", "exec", "maxAttempts", "timeout", "secretFile", "headers");

  private LegacyAgents() {}

  /** Before targets only an inbox agent was delivered only on the host it was registered on. */
  public static boolean wasPinned(String transport) {
    return "inbox".equals(transport);
  }
}
