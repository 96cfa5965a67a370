package queue.core.agents;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Snapshot;
import queue.core.model.Transport;
import queue.core.store.QueueStore;
import queue.core.store.QueueStore.Result;

/** Registers, lists and removes agents ({@code agents.json}), under the same lock as the queue. */
public final class AgentRegistry {
  /** The last error of entries failed by a forced removal. */
  public static final String REMOVED_ERROR = "agent removed";

  private final QueueStore store;
  private final Clock clock;

  public AgentRegistry(QueueStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public List<Agent> list() {
    return store.read().agents();
  }

  /** An inbox agent; {@code inbox} null means {@code inbox/NAME} in the data directory. */
  public Agent addInbox(String name, Path inbox) {
    String dir = inbox == null ? null : inbox.toAbsolutePath().normalize().toString();
    return add(
        new Agent(AgentNames.require(name), Transport.INBOX, dir, null, null, clock.instant()));
  }

  public Agent addHttp(String name, String url) {
    return add(
        new Agent(
            AgentNames.require(name),
            Transport.HTTP,
            null,
            requireHttpUrl(url),
            null,
            clock.instant()));
  }

  public Agent addExec(String name, List<String> argv) {
    if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
      throw new InvalidInputException(
          "--exec needs a command: queue agents add " + name + " --exec CMD [ARG...]");
    }
    return add(
        new Agent(AgentNames.require(name), Transport.EXEC, null, null, argv, clock.instant()));
  }

  private Agent add(Agent agent) {
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

  /**
   * Removes an agent. Refused while it has PENDING or PROCESSING entries unless {@code force},
   * which marks them FAILED ("agent removed") in the same transaction.
   *
   * @return how many entries were failed
   */
  public int remove(String name, boolean force) {
    removeIn(store.read(), name, force);
    return store.update(current -> removeIn(current, name, force));
  }

  private static void refuseIfRegistered(Snapshot current, String name) {
    if (current.agent(name).isPresent()) {
      throw new InvalidInputException(
          "agent " + name + " is already registered; remove it first to change it");
    }
  }

  private static Result<Integer> removeIn(Snapshot current, String name, boolean force) {
    if (current.agent(name).isEmpty()) {
      throw new InvalidInputException("unknown agent " + name + "; see 'queue agents list'");
    }
    long unfinished =
        current.queue().entries().stream()
            .filter(e -> e.recipient().equals(name) && !e.state().isTerminal())
            .count();
    if (unfinished > 0 && !force) {
      throw new InvalidInputException(
          "agent "
              + name
              + " has "
              + unfinished
              + " pending or processing entries; wait for them, or use --force to mark them FAILED");
    }
    List<Agent> agents = current.agents().stream().filter(a -> !a.name().equals(name)).toList();
    Snapshot next =
        current.withQueue(current.queue().mapEntries(e -> failIfFor(e, name))).withAgents(agents);
    return new Result<>(next, (int) unfinished);
  }

  private static Entry failIfFor(Entry entry, String name) {
    if (!entry.recipient().equals(name) || entry.state().isTerminal()) {
      return entry;
    }
    return entry.abandoned(REMOVED_ERROR);
  }

  private static String requireHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri.toString();
      }
    } catch (URISyntaxException | NullPointerException e) {
      // Reported below with the value.
    }
    throw new InvalidInputException(
        "invalid URL '" + url + "': use an http:// or https:// URL with a host");
  }
}
