package queue.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import queue.core.agents.Groups;

/**
 * A registered agent as every store keeps it. A store knows its name, its transport's label (to
 * leave a {@link #PULL pull} agent to its receiver), the host it was registered on and whether only
 * a processor on that host may deliver to it, whether it is paused, and the groups it is in (to
 * resolve a send to {@code @GROUP}). Where and how its entries go is its {@link Target}, which only
 * the processor's transports and the command line read.
 *
 * @param transport the label of its transport: {@code inbox}, {@code http}, {@code exec}, {@code
 *     pull}, or any a processor knows
 * @param host the host it was registered on (or its transport last changed on), or null
 * @param pinned true when only a processor on {@code host} delivers to it (an inbox agent: its
 *     files must land where it reads them)
 * @param paused true while delivery to it is stopped ({@code queue agents pause})
 * @param groups the groups it is in, each once, sorted by name (see {@link Groups})
 */
public record Agent(
    String name,
    String transport,
    Target target,
    String host,
    boolean pinned,
    boolean paused,
    List<String> groups,
    Instant registeredAt) {

  /** The transport of an agent that takes its entries itself ({@code queue receive}). */
  public static final String PULL = "pull";

  public Agent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(registeredAt, "registeredAt");
    target = target == null ? Target.EMPTY : target;
    groups = Groups.normalized(groups);
    if (pinned && host == null) {
      throw new IllegalArgumentException("agent " + name + " is pinned to no host");
    }
  }

  /** A new agent, registered on no host in particular, not paused, in no group. */
  public static Agent of(String name, String transport, Target target, Instant registeredAt) {
    return new Agent(name, transport, target, null, false, false, List.of(), registeredAt);
  }

  /** True for an agent that nothing is pushed to: it takes its entries with a receiver. */
  @JsonIgnore // Not a property: its transport says it.
  public boolean isPull() {
    return PULL.equals(transport);
  }

  /** This agent registered on {@code at}; {@code pin} keeps its delivery to that host. */
  public Agent withHost(String at, boolean pin) {
    return new Agent(name, transport, target, at, pin, paused, groups, registeredAt);
  }

  public Agent withPaused(boolean value) {
    return new Agent(name, transport, target, host, pinned, value, groups, registeredAt);
  }

  public Agent withTarget(Target value) {
    return new Agent(name, transport, value, host, pinned, paused, groups, registeredAt);
  }

  public Agent withGroups(List<String> value) {
    return new Agent(name, transport, target, host, pinned, paused, value, registeredAt);
  }

  public Agent withRegisteredAt(Instant value) {
    return new Agent(name, transport, target, host, pinned, paused, groups, value);
  }

  /** This agent changed as {@code change} says; null or empty parts of it keep what is there. */
  public Agent changedBy(AgentChange change) {
    Agent changed = change.paused() == null ? this : withPaused(change.paused());
    AgentChange.Transport moved = change.transport();
    if (moved != null) {
      changed =
          new Agent(
              name,
              moved.label(),
              changed.target,
              moved.host(),
              moved.pinned(),
              changed.paused,
              groups,
              registeredAt);
    }
    if (change.target() != null) {
      changed = changed.withTarget(changed.target.merged(change.target()));
    }
    if (change.joined().isEmpty() && change.left().isEmpty()) {
      return changed;
    }
    TreeSet<String> in = new TreeSet<>(groups);
    in.addAll(change.joined());
    in.removeAll(change.left());
    return changed.withGroups(List.copyOf(in));
  }
}
