package queue.core.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import queue.core.model.Agent;
import queue.core.model.Snapshot;

/**
 * What a send decides on: the registered agents, the id clock ({@code lastKey}) and the sequence
 * number the next entry gets, all of one consistent state, and that whole state on demand (to find
 * an earlier message). A store may read the head without reading the whole state; {@link #whole()}
 * then reads it the first time it is asked for, and only then.
 */
public final class Head {
  private final List<Agent> agents;
  private final long nextSeq;
  private final long lastKey;
  private final Supplier<Snapshot> whole;
  private Snapshot loaded;

  /**
   * @param whole reads the whole state the head belongs to; called at most once
   */
  public Head(List<Agent> agents, long nextSeq, long lastKey, Supplier<Snapshot> whole) {
    this.agents = List.copyOf(agents);
    this.nextSeq = nextSeq;
    this.lastKey = lastKey;
    this.whole = Objects.requireNonNull(whole, "whole");
  }

  /** The head of a state that is already read whole. */
  public static Head of(Snapshot snapshot) {
    Head head =
        new Head(
            snapshot.agents(),
            snapshot.queue().nextSeq(),
            snapshot.queue().lastKey(),
            () -> snapshot);
    head.loaded = snapshot;
    return head;
  }

  public List<Agent> agents() {
    return agents;
  }

  public Optional<Agent> agent(String name) {
    for (Agent agent : agents) {
      if (agent.name().equals(name)) {
        return Optional.of(agent);
      }
    }
    return Optional.empty();
  }

  public long nextSeq() {
    return nextSeq;
  }

  public long lastKey() {
    return lastKey;
  }

  /** The whole state this head is the head of, read on the first call. */
  public Snapshot whole() {
    if (loaded == null) {
      loaded = whole.get();
    }
    return loaded;
  }
}
