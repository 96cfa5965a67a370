package queue.core.model;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import queue.core.agents.Groups;

/**
 * A change to a registered agent: {@code queue agents pause|resume|set}, applied by a store inside
 * one transaction to the agent as it is then. A null part is left as it is, and so is an agent's
 * group that is neither joined nor left.
 *
 * @param target fields that take their place in the agent's target, a null one removing its field
 *     (see {@link Target#merged})
 * @param transport its new transport, or null to keep it; the target's fields of the new transport
 *     come in {@code target}
 * @param joined groups it joins
 * @param left groups it leaves
 */
public record AgentChange(
    Boolean paused, Target target, Transport transport, List<String> joined, List<String> left) {

  /**
   * An agent's transport label and where it was set: {@code agents set NAME --inbox|--url|--exec
   * |--pull}.
   *
   * @param host the host the change was made on
   * @param pinned true when only a processor on {@code host} may deliver to it (see {@link
   *     Agent#pinned})
   */
  public record Transport(String label, String host, boolean pinned) {
    public Transport {
      Objects.requireNonNull(label, "label");
      if (pinned && host == null) {
        throw new IllegalArgumentException("a transport pinned to no host");
      }
    }

    /** The transport of {@code agent}, as it was registered. */
    public static Transport of(Agent agent) {
      return new Transport(agent.transport(), agent.host(), agent.pinned());
    }
  }

  public static final AgentChange NONE = new AgentChange(null, null, null, List.of(), List.of());

  public AgentChange {
    joined = Groups.normalized(joined);
    left = Groups.normalized(left);
  }

  public static AgentChange pause() {
    return NONE.withPaused(true);
  }

  public static AgentChange resume() {
    return NONE.withPaused(false);
  }

  public static AgentChange target(Target changes) {
    return NONE.withTarget(changes);
  }

  public AgentChange withPaused(Boolean value) {
    return new AgentChange(value, target, transport, joined, left);
  }

  public AgentChange withTarget(Target changes) {
    return new AgentChange(paused, changes, transport, joined, left);
  }

  /** This change moving the agent to {@code value}, with {@code changes} to its target. */
  public AgentChange withTransport(Transport value, Target changes) {
    return new AgentChange(paused, changes, value, joined, left);
  }

  public AgentChange joining(Collection<String> groups) {
    return new AgentChange(paused, target, transport, List.copyOf(groups), left);
  }

  public AgentChange leaving(Collection<String> groups) {
    return new AgentChange(paused, target, transport, joined, List.copyOf(groups));
  }
}
