package queue.core.model;

/**
 * A change to a registered agent: {@code queue agents pause|resume|set}. A null part is left as it
 * is.
 *
 * @param target fields that take their place in the agent's target (see {@link Target#merged})
 */
public record AgentChange(Boolean paused, Target target) {

  public static AgentChange pause() {
    return new AgentChange(true, null);
  }

  public static AgentChange resume() {
    return new AgentChange(false, null);
  }

  public static AgentChange target(Target changes) {
    return new AgentChange(null, changes);
  }
}
