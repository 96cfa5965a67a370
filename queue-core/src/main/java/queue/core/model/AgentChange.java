package queue.core.model;

/**
 * A change to a registered agent: {@code queue agents pause|resume|set}. A null part is left as it
 * is.
 */
public record AgentChange(Boolean paused, AgentSettings settings) {

  public static AgentChange pause() {
    return new AgentChange(true, null);
  }

  public static AgentChange resume() {
    return new AgentChange(false, null);
  }

  public static AgentChange settings(AgentSettings settings) {
    return new AgentChange(null, settings);
  }
}
