package queue.core.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Agents;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.QueueState;
import queue.core.model.Snapshot;
import queue.core.model.Transition;
import queue.core.snapshot.SnapshotStore.Result;

/** {@link Agents} over whole-state transactions. */
final class SnapshotAgents implements Agents {
  private final SnapshotStore store;
  private final Clock clock;

  SnapshotAgents(SnapshotStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public List<Agent> list() {
    return store.head().agents();
  }

  @Override
  public Agent add(Agent agent) {
    // Refused on an unlocked read first, so a refused command touches no file, not even the lock.
    refuseIfRegistered(store.read(), agent.name());
    return store.update(
        current -> {
          refuseIfRegistered(current, agent.name());
          List<Agent> agents = new ArrayList<>(current.agents());
          agents.add(agent);
          return new Result<>(current.withAgents(agents), agent);
        });
  }

  @Override
  public Agent change(String name, AgentChange change) {
    registered(store.read(), name);
    return store.update(
        current -> {
          Agent changed = registered(current, name).changedBy(change);
          List<Agent> agents =
              current.agents().stream().map(a -> a.name().equals(name) ? changed : a).toList();
          return new Result<>(current.withAgents(agents), changed);
        });
  }

  @Override
  public int remove(String name, boolean force) {
    removeIn(store.read(), name, force, clock.instant());
    return store.update(current -> removeIn(current, name, force, clock.instant()));
  }

  private static Agent registered(Snapshot current, String name) {
    return current.agent(name).orElseThrow(() -> Refusals.unknownAgent(name));
  }

  private static void refuseIfRegistered(Snapshot current, String name) {
    if (current.agent(name).isPresent()) {
      throw Refusals.alreadyRegistered(name);
    }
  }

  private static Result<Integer> removeIn(
      Snapshot current, String name, boolean force, Instant now) {
    registered(current, name);
    long unfinished =
        current.queue().entries().stream()
            .filter(e -> e.recipient().equals(name) && !e.state().isTerminal())
            .count();
    if (unfinished > 0 && !force) {
      throw Refusals.unfinishedEntries(name, unfinished);
    }
    List<Agent> agents = current.agents().stream().filter(a -> !a.name().equals(name)).toList();
    QueueState failed = current.queue().mapLiveEntries(e -> failIfFor(e, name));
    QueueState noticed = SnapshotNotices.queueOwed(agents, current.queue(), failed, now);
    return new Result<>(current.withQueue(noticed).withAgents(agents), (int) unfinished);
  }

  private static Entry failIfFor(Entry entry, String name) {
    if (!entry.recipient().equals(name) || entry.state().isTerminal()) {
      return entry;
    }
    return entry.after(Transition.abandoned(Entry.REMOVED_ERROR));
  }
}
